package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.Limits;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.ThresholdPolicy;
import io.fetchq.internal.Require;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.GetRequest;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.QueueInfo;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.Storage;
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
  static final int BATCH = Limits.MAX_BATCH;

  private static final int APPEND_TRIES = 3;

  private final Storage storage;
  private final String name;
  private final ActionOutcomes outcomes;
  private final TimeOrderedSubjects subjects;

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
    this.storage = Require.notNull("storage", storage);
    this.name = Require.queueName("queue", name);
    this.outcomes = new ActionOutcomes(retryPolicy, thresholdPolicy);
    this.subjects = Require.notNull("subjects", subjects);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean push(NewTask task) {
    Require.notNull("task", task);
    return storage.push(PushRequest.of(name, task)).count() > 0;
  }

  /** {@inheritDoc} More than 50,000 tasks go in several requests, each atomic on its own. */
  @Override
  public int pushAll(List<NewTask> tasks) {
    List<NewTask> all = noNulls("tasks", tasks);
    int added = 0;
    for (List<NewTask> chunk : chunks(all)) {
      added += storage.push(new PushRequest(name, chunk)).count();
    }
    return added;
  }

  /** {@inheritDoc} The payload must be a JSON document, not null. */
  @Override
  public String append(String payload) {
    Require.json("payload", payload, false);
    for (int i = 0; i < APPEND_TRIES; i++) {
      String subject = subjects.next();
      if (push(NewTask.of(subject).payload(payload))) {
        return subject;
      }
    }
    throw new FetchqException(
        "append to queue " + name + " found " + APPEND_TRIES + " generated subjects taken in a row");
  }

  @Override
  public boolean upsert(NewTask task) {
    Require.notNull("task", task);
    return storage.upsert(PushRequest.of(name, task)).skipped().isEmpty();
  }

  @Override
  public Optional<Task> get(String subject) {
    Require.subject("subject", subject);
    return storage.get(GetRequest.of(name, subject)).stream()
        .filter(t -> t.subject().equals(subject))
        .findFirst();
  }

  @Override
  public QueueStats stats() {
    return storage.stats(name);
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
  public List<TaskError> errors(int limit) {
    return storage.errors(ErrorQuery.of(name, limit));
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
    for (List<Outcome> chunk : chunks(all)) {
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

  private static <T> List<T> noNulls(String field, List<T> items) {
    Require.notNull(field, items);
    for (T item : items) {
      if (item == null) {
        throw new InvalidArgumentException(field, "must not contain null");
      }
    }
    return items;
  }

  private static <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += BATCH) {
      chunks.add(items.subList(from, Math.min(items.size(), from + BATCH)));
    }
    return chunks;
  }
}
