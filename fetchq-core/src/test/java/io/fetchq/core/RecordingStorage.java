package io.fetchq.core;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.CancelResult;
import io.fetchq.Task;
import io.fetchq.TaskPage;
import io.fetchq.spi.CancelRequest;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Capabilities;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.PushResult;
import io.fetchq.QueueInfo;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import io.fetchq.spi.TaskQuery;
import io.fetchq.spi.UpsertResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A storage that records the requests it receives and answers just enough to drive {@link
 * StorageQueue}: subjects are unique, settles are stale for the subjects the test marks. It checks
 * how core talks to the SPI, not what a backend does; the conformance suite covers that.
 */
final class RecordingStorage implements Storage {
  final List<Object> requests = new ArrayList<>();
  final Map<String, NewTask> stored = new LinkedHashMap<>();
  final Set<String> active = new HashSet<>();
  final Set<String> stale = new HashSet<>();
  List<Task> toPick = List.of();

  /** The requests of one type, in the order received. */
  <T> List<T> received(Class<T> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every outcome of every settle, in order. */
  List<Outcome> outcomes() {
    return received(SettleRequest.class).stream().flatMap(r -> r.outcomes().stream()).toList();
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(false, false);
  }

  @Override
  public PushResult push(PushRequest request) {
    requests.add(request);
    List<String> added = new ArrayList<>();
    for (NewTask task : request.tasks()) {
      if (stored.putIfAbsent(task.subject(), task) == null) {
        added.add(task.subject());
      }
    }
    return new PushResult(added);
  }

  @Override
  public UpsertResult upsert(PushRequest request) {
    requests.add(request);
    List<String> inserted = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (NewTask task : request.tasks()) {
      if (active.contains(task.subject())) {
        skipped.add(task.subject());
      } else if (stored.put(task.subject(), task) == null) {
        inserted.add(task.subject());
      } else {
        updated.add(task.subject());
      }
    }
    return new UpsertResult(inserted, updated, skipped);
  }

  @Override
  public List<Task> get(SubjectsRequest request) {
    requests.add(request);
    return request.subjects().stream()
        .filter(stored::containsKey)
        .map(s -> task(request.queue(), s, stored.get(s).payload()))
        .toList();
  }

  @Override
  public List<Task> pick(PickRequest request) {
    requests.add(request);
    return toPick;
  }

  @Override
  public SettleResult settle(SettleRequest request) {
    requests.add(request);
    List<Lease> staleLeases =
        request.outcomes().stream().map(Outcome::lease).filter(l -> stale.contains(l.subject())).toList();
    return new SettleResult(request.outcomes().size() - staleLeases.size(), staleLeases);
  }

  @Override
  public QueueStats stats(String queue) {
    requests.add("stats " + queue);
    return new QueueStats(queue, 0, stored.size(), 0, 0, 0, stored.size(), 0, 0, 0, 0, 0, 0);
  }

  @Override
  public List<TaskError> errors(ErrorQuery query) {
    requests.add(query);
    return List.of(new TaskError(1, query.queue(), "s", 1, "failed", null, Instant.EPOCH));
  }

  static Task task(String queue, String subject, String payload) {
    return new Task(queue, subject, payload, 0, 0, TaskStatus.PENDING, 0, 0, Instant.EPOCH, null, Instant.EPOCH, 0);
  }

  @Override
  public boolean createQueue(String queue, QueueOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void updateQueue(String queue, QueueOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<QueueInfo> queues() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean dropQueue(String queue) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long truncateQueue(String queue) {
    throw new UnsupportedOperationException();
  }

  @Override
  public TaskPage list(TaskQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> retry(SubjectsRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int retryKilled(String queue, int limit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> runNow(SubjectsRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CancelResult cancel(CancelRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void pause(String queue, boolean paused) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Lease> extend(ExtendRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MaintenanceResult maintain(MaintenanceRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
