package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.CancelResult;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.QueueTasks;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.ThresholdPolicy;
import io.fetchq.internal.Require;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.TaskQuery;
import io.fetchq.spi.TaskStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Queue} over a {@link Storage}: it checks every input before the storage sees it, splits
 * batches larger than the storage takes in one request, and settles failed runs by the queue's
 * retry and threshold policies. It does not create the queue. Safe to share between threads when
 * the storage is.
 */
final class StorageQueue implements Queue {
  /** The most tasks or outcomes one storage request carries. */
  static final int BATCH = StoreTasks.BATCH;

  /** How many KILLED tasks one statement of {@link #retryKilled} moves. */
  static final int RETRY_BATCH = 1_000;

  private final Storage storage;
  private final String name;
  private final ActionOutcomes outcomes;
  private final TimeOrderedSubjects subjects;
  private final CallerTransactions transactions;
  private final Payloads payloads;
  private final StoreTasks tasks;

  /** The queue {@code name} of {@code storage}, settling failures by these policies. */
  public StorageQueue(Storage storage, String name, RetryPolicy retryPolicy, ThresholdPolicy thresholdPolicy) {
    this(storage, name, retryPolicy, thresholdPolicy, TimeOrderedSubjects.OF_THIS_JVM);
  }

  StorageQueue(
      Storage storage,
      String name,
      RetryPolicy retryPolicy,
      ThresholdPolicy thresholdPolicy,
      TimeOrderedSubjects subjects) {
    this(storage, name, retryPolicy, thresholdPolicy, subjects,
        CallerTransactions.withoutWakeUps(Require.notNull("storage", storage)), Payloads.NONE);
  }

  /**
   * As above, joining callers' transactions through {@code transactions} and writing object
   * payloads with {@code payloads}.
   */
  StorageQueue(
      Storage storage,
      String name,
      RetryPolicy retryPolicy,
      ThresholdPolicy thresholdPolicy,
      TimeOrderedSubjects subjects,
      CallerTransactions transactions,
      Payloads payloads) {
    this.storage = Require.notNull("storage", storage);
    this.name = Require.queueName("queue", name);
    this.outcomes = new ActionOutcomes(retryPolicy, thresholdPolicy, payloads);
    this.subjects = Require.notNull("subjects", subjects);
    this.transactions = Require.notNull("transactions", transactions);
    this.payloads = Require.notNull("payloads", payloads);
    this.tasks = new StoreTasks(storage, name, subjects, payloads, () -> {});
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean push(NewTask task) {
    return tasks.push(task);
  }

  /** {@inheritDoc} More than 50,000 tasks go in several requests, each atomic on its own. */
  @Override
  public int pushAll(List<NewTask> tasks) {
    return this.tasks.pushAll(tasks);
  }

  /** {@inheritDoc} The payload must be a JSON document, not null. */
  @Override
  public String append(String payload) {
    return tasks.append(payload);
  }

  @Override
  public String append(Object payload) {
    return tasks.append(payload);
  }

  @Override
  public boolean upsert(NewTask task) {
    return tasks.upsert(task);
  }

  @Override
  public Optional<Task> get(String subject) {
    return tasks.get(subject);
  }

  @Override
  public QueueStats stats() {
    return tasks.stats();
  }

  @Override
  public QueueTasks on(Connection connection) {
    TaskStore transaction = transactions.on(connection);
    return new StoreTasks(transaction, name, subjects, payloads, () -> transactions.woke(transaction, name));
  }

  @Override
  public QueueOptions options() {
    return storage.queues().stream()
        .filter(q -> q.name().equals(name))
        .map(QueueInfo::options)
        .findFirst()
        .orElseThrow(() -> new QueueNotFoundException(name));
  }

  @Override
  public void updateOptions(QueueOptions options) {
    Require.notNull("options", options);
    storage.updateQueue(name, options);
  }

  @Override
  public TaskPage tasks(TaskFilter filter) {
    return storage.list(new TaskQuery(name, filter));
  }

  /** {@inheritDoc} More than 50,000 subjects go in several requests, each atomic on its own. */
  @Override
  public List<String> retry(List<String> subjects) {
    List<String> moved = new ArrayList<>();
    for (SubjectsRequest request : requests("subjects", subjects)) {
      moved.addAll(storage.retry(request));
    }
    return moved;
  }

  @Override
  public long retryKilled() {
    long moved = 0;
    int batch;
    do {
      batch = storage.retryKilled(name, RETRY_BATCH);
      moved += batch;
    } while (batch == RETRY_BATCH);
    return moved;
  }

  /** {@inheritDoc} More than 50,000 subjects go in several requests, each atomic on its own. */
  @Override
  public List<String> runNow(List<String> subjects) {
    List<String> moved = new ArrayList<>();
    for (SubjectsRequest request : requests("subjects", subjects)) {
      moved.addAll(storage.runNow(request));
    }
    return moved;
  }

  /** {@inheritDoc} More than 50,000 subjects go in several requests, each atomic on its own. */
  @Override
  public CancelResult cancel(List<String> subjects, String reason, boolean drop) {
    List<CancelRequest> requests =
        requests("subjects", subjects).stream()
            .map(r -> new CancelRequest(name, r.subjects(), reason, drop))
            .toList();
    List<String> killed = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<String> marked = new ArrayList<>();
    for (CancelRequest request : requests) {
      CancelResult result = storage.cancel(request);
      killed.addAll(result.killed());
      dropped.addAll(result.dropped());
      marked.addAll(result.marked());
    }
    return new CancelResult(killed, dropped, marked);
  }

  /**
   * {@code subjects}, all checked before any request is made, in requests of at most {@link
   * #BATCH}; none for an empty list.
   */
  private List<SubjectsRequest> requests(String field, List<String> subjects) {
    Require.notNull(field, subjects);
    for (String subject : subjects) {
      Require.subject(field, subject);
    }
    return StoreTasks.chunks(List.copyOf(subjects)).stream()
        .map(chunk -> new SubjectsRequest(name, chunk))
        .toList();
  }

  @Override
  public List<TaskError> errors(int limit) {
    return storage.errors(ErrorQuery.of(name, limit));
  }

  @Override
  public List<TaskError> errors(String subject, int limit) {
    return storage.errors(new ErrorQuery(name, Require.subject("subject", subject), limit));
  }

  @Override
  public List<Task> pick(int limit, Duration lock) {
    return storage.pick(PickRequest.of(name, limit, lock));
  }

  @Override
  public boolean settle(Task task, Action action) {
    Outcome outcome = outcomes.of(ownTask("task", task), action);
    return storage.settle(SettleRequest.of(name, outcome)).applied() > 0;
  }

  /** {@inheritDoc} More than 50,000 actions go in several requests, each atomic on its own. */
  @Override
  public int settleAll(Map<Task, Action> actions) {
    Require.notNull("actions", actions);
    List<Outcome> all = new ArrayList<>(actions.size());
    Set<String> seen = new HashSet<>();
    actions.forEach(
        (task, action) -> {
          if (task == null || action == null) {
            throw new InvalidArgumentException("actions", "must not contain null");
          }
          ownTask("actions", task);
          if (!seen.add(task.subject())) {
            throw new InvalidArgumentException(
                "actions", "must hold one task per subject; \"" + task.subject() + "\" appears twice");
          }
          all.add(outcomes.of(task, action));
        });
    int applied = 0;
    for (List<Outcome> chunk : StoreTasks.chunks(all)) {
      applied += storage.settle(new SettleRequest(name, chunk)).applied();
    }
    return applied;
  }

  @Override
  public String toString() {
    return "StorageQueue[" + name + "]";
  }

  private Task ownTask(String field, Task task) {
    Require.notNull(field, task);
    if (!name.equals(task.queue())) {
      throw new InvalidArgumentException(
          field, "holds a task of queue " + task.queue() + ", not of " + name + " (\"" + task.subject() + "\")");
    }
    return task;
  }

}
