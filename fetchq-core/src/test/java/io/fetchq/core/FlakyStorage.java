package io.fetchq.core;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.StorageException;
import io.fetchq.CancelResult;
import io.fetchq.Task;
import io.fetchq.TaskPage;
import io.fetchq.spi.CancelRequest;
import io.fetchq.TaskError;
import io.fetchq.spi.Capabilities;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Notifications;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.PushResult;
import io.fetchq.QueueInfo;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import io.fetchq.spi.TaskQuery;
import io.fetchq.spi.UpsertResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A storage that fails on script: the next N calls throw the given failure, or every call does
 * until {@link #heal()}; it records when each call arrived. It answers every operation with an
 * empty or trivial result, for tests of what wraps a storage, not of what a backend does.
 */
final class FlakyStorage implements Storage {
  private final Deque<Supplier<? extends RuntimeException>> next = new ArrayDeque<>();
  private Supplier<? extends RuntimeException> always;
  private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
  private final List<RuntimeException> thrown = Collections.synchronizedList(new ArrayList<>());
  private volatile CountDownLatch gate;
  private volatile CountDownLatch entered;
  final List<Set<String>> sent = Collections.synchronizedList(new ArrayList<>());
  final Notifications.Subscription subscription = () -> {};
  boolean closed;

  /** A failure after which the same call may succeed, as a lost connection. */
  static StorageException transientFailure() {
    return new StorageException("push failed [SQLSTATE 08006]: connection reset", "08006", true, null);
  }

  /** A failure that repeats whatever happens, as bad SQL. */
  static StorageException permanentFailure() {
    return new StorageException("push failed [SQLSTATE 42601]: syntax error", "42601", false, null);
  }

  /** The next {@code count} calls throw what {@code failure} makes. */
  synchronized FlakyStorage failNext(int count, Supplier<? extends RuntimeException> failure) {
    for (int i = 0; i < count; i++) {
      next.add(failure);
    }
    return this;
  }

  /** Every call throws what {@code failure} makes, until {@link #heal()}. */
  synchronized FlakyStorage failAlways(Supplier<? extends RuntimeException> failure) {
    always = failure;
    return this;
  }

  /** Calls succeed again. */
  synchronized FlakyStorage heal() {
    next.clear();
    always = null;
    return this;
  }

  /**
   * The next call blocks until the returned latch is counted down; {@link #awaitEntered} tells when
   * it arrived.
   */
  CountDownLatch holdNextCall() {
    entered = new CountDownLatch(1);
    gate = new CountDownLatch(1);
    return gate;
  }

  boolean awaitEntered(long millis) throws InterruptedException {
    return entered.await(millis, TimeUnit.MILLISECONDS);
  }

  /** How many calls reached this storage. */
  int calls() {
    return arrivals.size();
  }

  /** When each call arrived, from {@link System#nanoTime()}. */
  List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  /** The failures thrown, in order. */
  List<RuntimeException> thrown() {
    return List.copyOf(thrown);
  }

  private void enter() {
    arrivals.add(System.nanoTime());
    CountDownLatch hold = gate;
    if (hold != null) {
      gate = null;
      entered.countDown();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException failure = null;
    synchronized (this) {
      Supplier<? extends RuntimeException> scripted = next.poll();
      if (scripted != null) {
        failure = scripted.get();
      } else if (always != null) {
        failure = always.get();
      }
    }
    if (failure != null) {
      thrown.add(failure);
      throw failure;
    }
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(true, false);
  }

  @Override
  public Optional<Notifications> notifications() {
    return Optional.of(
        new Notifications() {
          @Override
          public void send(Set<String> queues) {
            enter();
            sent.add(queues);
          }

          @Override
          public Subscription listen(Set<String> queues, Listener listener) {
            return subscription;
          }
        });
  }

  @Override
  public PushResult push(PushRequest request) {
    enter();
    return new PushResult(request.tasks().stream().map(NewTask::subject).toList());
  }

  @Override
  public UpsertResult upsert(PushRequest request) {
    enter();
    return new UpsertResult(request.tasks().stream().map(NewTask::subject).toList(), List.of(), List.of());
  }

  @Override
  public List<Task> get(SubjectsRequest request) {
    enter();
    return List.of();
  }

  @Override
  public TaskPage list(TaskQuery query) {
    enter();
    return new TaskPage(List.of(), null);
  }

  @Override
  public List<String> retry(SubjectsRequest request) {
    enter();
    return List.of();
  }

  @Override
  public int retryKilled(String queue, int limit) {
    enter();
    return 0;
  }

  @Override
  public List<String> runNow(SubjectsRequest request) {
    enter();
    return List.of();
  }

  @Override
  public CancelResult cancel(CancelRequest request) {
    enter();
    return new CancelResult(List.of(), List.of(), List.of());
  }

  @Override
  public void pause(String queue, boolean paused) {
    enter();
  }

  @Override
  public List<Task> pick(PickRequest request) {
    enter();
    return List.of();
  }

  @Override
  public SettleResult settle(SettleRequest request) {
    enter();
    return new SettleResult(request.outcomes().size(), List.of());
  }

  @Override
  public List<Lease> extend(ExtendRequest request) {
    enter();
    return request.leases();
  }

  @Override
  public MaintenanceResult maintain(MaintenanceRequest request) {
    enter();
    return new MaintenanceResult(0, 0, 0, 0, 0);
  }

  @Override
  public QueueStats stats(String queue) {
    enter();
    return new QueueStats(queue, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Override
  public List<TaskError> errors(ErrorQuery query) {
    enter();
    return List.of();
  }

  @Override
  public boolean createQueue(String queue, QueueOptions options) {
    enter();
    return true;
  }

  @Override
  public void updateQueue(String queue, QueueOptions options) {
    enter();
  }

  @Override
  public List<QueueInfo> queues() {
    enter();
    return List.of();
  }

  @Override
  public boolean dropQueue(String queue) {
    enter();
    return true;
  }

  @Override
  public long truncateQueue(String queue) {
    enter();
    return 0;
  }

  @Override
  public void close() {
    closed = true;
  }
}
