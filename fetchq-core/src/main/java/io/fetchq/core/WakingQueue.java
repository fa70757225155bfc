package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.CancelResult;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.QueueTasks;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A queue handle that, after adding tasks, wakes the workers waiting on the queue. */
final class WakingQueue implements Queue {
  private final Queue queue;
  private final WakeUps wakeUps;

  WakingQueue(Queue queue, WakeUps wakeUps) {
    this.queue = queue;
    this.wakeUps = wakeUps;
  }

  @Override
  public String name() {
    return queue.name();
  }

  @Override
  public boolean push(NewTask task) {
    return woke(queue.push(task));
  }

  @Override
  public int pushAll(List<NewTask> tasks) {
    int added = queue.pushAll(tasks);
    woke(added > 0);
    return added;
  }

  @Override
  public String append(String payload) {
    String subject = queue.append(payload);
    woke(true);
    return subject;
  }

  @Override
  public String append(Object payload) {
    String subject = queue.append(payload);
    woke(true);
    return subject;
  }

  @Override
  public boolean upsert(NewTask task) {
    return woke(queue.upsert(task));
  }

  /** {@inheritDoc} Wake-ups go out from the caller's transaction, when it commits. */
  @Override
  public QueueTasks on(java.sql.Connection connection) {
    return queue.on(connection);
  }

  @Override
  public Optional<Task> get(String subject) {
    return queue.get(subject);
  }

  @Override
  public QueueStats stats() {
    return queue.stats();
  }

  @Override
  public QueueOptions options() {
    return queue.options();
  }

  @Override
  public void updateOptions(QueueOptions options) {
    queue.updateOptions(options);
  }

  @Override
  public TaskPage tasks(TaskFilter filter) {
    return queue.tasks(filter);
  }

  @Override
  public List<String> retry(List<String> subjects) {
    List<String> moved = queue.retry(subjects);
    woke(!moved.isEmpty());
    return moved;
  }

  @Override
  public long retryKilled() {
    long moved = queue.retryKilled();
    woke(moved > 0);
    return moved;
  }

  @Override
  public List<String> runNow(List<String> subjects) {
    List<String> moved = queue.runNow(subjects);
    woke(!moved.isEmpty());
    return moved;
  }

  @Override
  public CancelResult cancel(List<String> subjects, String reason, boolean drop) {
    return queue.cancel(subjects, reason, drop);
  }

  @Override
  public List<TaskError> errors(int limit) {
    return queue.errors(limit);
  }

  @Override
  public List<TaskError> errors(String subject, int limit) {
    return queue.errors(subject, limit);
  }

  @Override
  public List<Task> pick(int limit, Duration lock) {
    return queue.pick(limit, lock);
  }

  @Override
  public boolean settle(Task task, Action action) {
    return woke(queue.settle(task, action));
  }

  @Override
  public int settleAll(Map<Task, Action> actions) {
    int applied = queue.settleAll(actions);
    woke(applied > 0);
    return applied;
  }

  private boolean woke(boolean changed) {
    if (changed) {
      wakeUps.pushed(queue.name());
    }
    return changed;
  }

  @Override
  public String toString() {
    return queue.toString();
  }
}
