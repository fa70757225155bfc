package io.fetchq.core;

import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.QueueTasks;
import io.fetchq.Task;
import io.fetchq.internal.Require;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tasks of one queue over a {@link TaskStore}: the storage's own transactions, or a caller's.
 * It checks every input before the store sees it, splits batches larger than one request takes,
 * and tells {@code added} after a call that added or changed tasks.
 */
final class StoreTasks implements QueueTasks {
  /** The most tasks one storage request carries. */
  static final int BATCH = io.fetchq.Limits.MAX_BATCH;

  private static final int APPEND_TRIES = 3;

  private final TaskStore store;
  private final String name;
  private final TimeOrderedSubjects subjects;
  private final Payloads payloads;
  private final Runnable added;

  StoreTasks(TaskStore store, String name, TimeOrderedSubjects subjects, Payloads payloads, Runnable added) {
    this.store = Require.notNull("storage", store);
    this.name = Require.queueName("queue", name);
    this.subjects = Require.notNull("subjects", subjects);
    this.payloads = Require.notNull("payloads", payloads);
    this.added = added;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean push(NewTask task) {
    Require.notNull("task", task);
    return changed(store.push(PushRequest.of(name, payloads.write(task))).count() > 0);
  }

  /** {@inheritDoc} More than 50,000 tasks go in several requests, each atomic on its own. */
  @Override
  public int pushAll(List<NewTask> tasks) {
    List<NewTask> all = noNulls("tasks", tasks).stream().map(payloads::write).toList();
    int count = 0;
    for (List<NewTask> chunk : chunks(all)) {
      count += store.push(new PushRequest(name, chunk)).count();
    }
    changed(count > 0);
    return count;
  }

  /** {@inheritDoc} The payload must be a JSON document, not null. */
  @Override
  public String append(String payload) {
    Require.json("payload", payload, false);
    return appendTask(NewTask.of(subjects.next()).payload(payload));
  }

  @Override
  public String append(Object payload) {
    Require.notNull("payload", payload);
    return appendTask(payloads.write(NewTask.of(subjects.next()).payload(payload)));
  }

  /** Pushes {@code task}, under a new generated subject while the last one was taken. */
  private String appendTask(NewTask task) {
    NewTask next = task;
    for (int i = 0; i < APPEND_TRIES; i++) {
      if (push(next)) {
        return next.subject();
      }
      next = next.subject(subjects.next());
    }
    throw new FetchqException(
        "append to queue " + name + " found " + APPEND_TRIES + " generated subjects taken in a row");
  }

  @Override
  public boolean upsert(NewTask task) {
    Require.notNull("task", task);
    return changed(store.upsert(PushRequest.of(name, payloads.write(task))).skipped().isEmpty());
  }

  @Override
  public Optional<Task> get(String subject) {
    Require.subject("subject", subject);
    return store.get(SubjectsRequest.of(name, subject)).stream()
        .filter(t -> t.subject().equals(subject))
        .findFirst();
  }

  @Override
  public QueueStats stats() {
    return store.stats(name);
  }

  @Override
  public String toString() {
    return "StoreTasks[" + name + "]";
  }

  private boolean changed(boolean changed) {
    if (changed) {
      added.run();
    }
    return changed;
  }

  /** {@code items}, refused with {@code field} when it is or holds null. */
  static <T> List<T> noNulls(String field, List<T> items) {
    Require.notNull(field, items);
    for (T item : items) {
      if (item == null) {
        throw new InvalidArgumentException(field, "must not contain null");
      }
    }
    return items;
  }

  /** {@code items} in requests of at most {@link #BATCH}. */
  static <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += BATCH) {
      chunks.add(items.subList(from, Math.min(items.size(), from + BATCH)));
    }
    return chunks;
  }
}
