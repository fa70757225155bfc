package io.fetchq.memory;

import io.fetchq.CancelResult;
import io.fetchq.Limits;
import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskPage;
import io.fetchq.internal.Require;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.Capabilities;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.PushResult;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.TaskCursor;
import io.fetchq.spi.TaskQuery;
import io.fetchq.spi.UpsertResult;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One storage opened on a {@link MemoryStore}: it checks each call's input as the postgres backend
 * does (queue names by {@link Require}, a refusal naming the field before anything changes), then
 * runs the call whole under the store's lock. It has no wake-ups between processes and cannot join
 * a caller's transaction. Once closed it refuses every call, and the store is told.
 */
final class MemoryStorage implements Storage {
  private final MemoryStore store;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A storage on {@code store}; {@code onClose} runs once, when it closes. */
  MemoryStorage(MemoryStore store, Runnable onClose) {
    this.store = store;
    this.onClose = onClose;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(false, false);
  }

  @Override
  public boolean createQueue(String queue, QueueOptions options) {
    Require.queueName("queue", queue);
    Require.notNull("options", options);
    return atomically(() -> store.create(queue, options));
  }

  @Override
  public void updateQueue(String queue, QueueOptions options) {
    Require.queueName("queue", queue);
    Require.notNull("options", options);
    atomically(() -> {
      store.queue(queue).options(options);
      return null;
    });
  }

  @Override
  public List<QueueInfo> queues() {
    return atomically(store::queues);
  }

  @Override
  public boolean dropQueue(String queue) {
    Require.queueName("queue", queue);
    return atomically(() -> store.drop(queue));
  }

  @Override
  public long truncateQueue(String queue) {
    Require.queueName("queue", queue);
    return atomically(() -> store.queue(queue).truncate());
  }

  @Override
  public PushResult push(PushRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> new Intake(queue, store.now()).push(request.tasks()));
  }

  @Override
  public UpsertResult upsert(PushRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> new Intake(queue, store.now()).upsert(request.tasks()));
  }

  /** {@inheritDoc} In subject order, each once. */
  @Override
  public List<Task> get(SubjectsRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> {
      TreeSet<String> subjects = new TreeSet<>(SubjectOrder.UTF8);
      subjects.addAll(request.subjects());
      return subjects.stream().map(queue.tasks()::get).filter(Objects::nonNull).toList();
    });
  }

  @Override
  public TaskPage list(TaskQuery query) {
    Require.notNull("query", query);
    TaskCursor.read(query.filter());
    return onQueue(query.queue(), queue -> new Listing(queue.tasks()).page(query.filter()));
  }

  @Override
  public List<String> retry(SubjectsRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> new OperatorCommands(queue, store.now()).retry(request.subjects()));
  }

  @Override
  public int retryKilled(String queue, int limit) {
    Require.queueName("queue", queue);
    Require.range("limit", limit, 1, Limits.MAX_BATCH);
    return onQueue(queue, q -> new OperatorCommands(q, store.now()).retryKilled(limit));
  }

  @Override
  public List<String> runNow(SubjectsRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> new OperatorCommands(queue, store.now()).runNow(request.subjects()));
  }

  @Override
  public CancelResult cancel(CancelRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(),
        queue -> new OperatorCommands(queue, store.now()).cancel(request.subjects(), request.reason(), request.drop()));
  }

  @Override
  public void pause(String queue, boolean paused) {
    Require.queueName("queue", queue);
    onQueue(queue, q -> {
      q.paused(paused);
      return null;
    });
  }

  @Override
  public List<Task> pick(PickRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> new Holds(queue, store.now(), store::nextLease)
        .pick(request.version(), request.limit(), request.lock()));
  }

  @Override
  public SettleResult settle(SettleRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> new Settlement(queue, store.now()).settle(request.outcomes()));
  }

  @Override
  public List<Lease> extend(ExtendRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(),
        queue -> new Holds(queue, store.now(), store::nextLease).extend(request.leases(), request.lock()));
  }

  @Override
  public MaintenanceResult maintain(MaintenanceRequest request) {
    Require.notNull("request", request);
    return onQueue(request.queue(), queue -> new MaintenancePass(queue, store.now()).run(request.jobs(), request.limit()));
  }

  @Override
  public QueueStats stats(String queue) {
    Require.queueName("queue", queue);
    return onQueue(queue, StoredQueue::stats);
  }

  @Override
  public List<TaskError> errors(ErrorQuery query) {
    Require.notNull("query", query);
    return onQueue(query.queue(), queue -> queue.errors().newest(query.subject(), query.limit()));
  }

  /** Releases this storage's hold on the store; later calls are refused. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }

  /**
   * Runs {@code call} on the queue called {@code queue}, atomically.
   *
   * @throws io.fetchq.QueueNotFoundException when there is no such queue
   */
  private <T> T onQueue(String queue, Function<StoredQueue, T> call) {
    return atomically(() -> call.apply(store.queue(queue)));
  }

  private <T> T atomically(Supplier<T> call) {
    if (closed.get()) {
      throw new IllegalStateException("this memory storage is closed");
    }
    return store.atomically(call);
  }
}
