package io.fetchq.core;

import io.fetchq.FetchqException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.StorageException;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.internal.Require;
import io.fetchq.spi.Capabilities;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.CancelRequest;
import io.fetchq.CancelResult;
import io.fetchq.TaskPage;
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
import io.fetchq.spi.TaskStore;
import io.fetchq.spi.UpsertResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} that retries transient database failures and stops calling a database that
 * keeps failing, so that workers pause instead of spinning. Every data operation (and {@link
 * Notifications#send}) goes through a Resilience4j circuit breaker inside a Resilience4j retry:
 *
 * <ul>
 *   <li>A {@link StorageException} whose {@link StorageException#isTransient()} is true (connection
 *       refused or reset, server restarting, serialization failure, deadlock, pool timeout) is tried
 *       again after an exponential backoff ({@link ResilienceSettings}), up to {@link
 *       ResilienceSettings#maxAttempts()} attempts; then the last failure is thrown.
 *   <li>Anything else (bad SQL, {@link io.fetchq.QueueNotFoundException}, {@link
 *       io.fetchq.InvalidArgumentException}) is thrown at once and never counts against the
 *       breaker: a database that answered, even with an error, is available.
 *   <li>The breaker counts each attempt. When transient failures fill enough of its window it
 *       opens: the database is <em>unavailable</em>, and every call fails fast, without reaching
 *       the database, with a {@link DatabaseUnavailableException}, as does a call whose retries end
 *       while the breaker is open (its cause is the last failure). After {@link
 *       ResilienceSettings#openWait()} the next call is let through as a single probe: when it
 *       succeeds the breaker closes, when it fails transiently the breaker opens for another wait.
 * </ul>
 *
 * <p>Callers that get a {@link DatabaseUnavailableException} should {@link #awaitAvailable wait}
 * before calling again. {@link #addStateListener Listeners} hear of every state change; the log
 * gets one WARN when the database becomes unavailable (with the failure that caused it) and one
 * INFO when it is back, not a line per failed call (retries and probes are logged at DEBUG).
 *
 * <h2>Retries after a lost response</h2>
 *
 * A transient failure can come after the database carried out the operation but before its answer
 * arrived (the connection dropped between commit and reply). The retry then runs the operation a
 * second time on data the first attempt already changed. The SPI's rules keep that from applying
 * anything twice (push never overwrites, an outcome needs the current lease), but the answer
 * describes the second run, and some second runs cost something:
 *
 * <ul>
 *   <li>{@code push} may report a subject as not added although the first attempt added it; {@code
 *       upsert} may report as updated a subject the first attempt inserted. Counters are right.
 *   <li>{@code settle} may report as stale an outcome the first attempt applied (the lease was
 *       used up by it); the task is settled once.
 *   <li>{@code pick} may hand out other tasks while the ones the first attempt locked stay ACTIVE,
 *       each with an attempt counted, until their lock expires and maintenance recovers them as
 *       orphans (an error log entry each, and a step toward the queue's failure threshold).
 *   <li>{@code createQueue} and {@code dropQueue} may answer false for the queue the first attempt
 *       created or dropped; {@code truncateQueue} may report 0 deleted tasks, and deletes what was
 *       pushed between the two runs; {@code extend} moves the lock forward twice; {@code send} may
 *       wake listeners twice.
 *   <li>Reads ({@code get}, {@code list}, {@code stats}, {@code errors}, {@code queues}) and {@code
 *       maintain} have nothing to report twice.
 * </ul>
 *
 * <p>Only transient failures are retried. Thread-safe; one instance is shared by all the workers
 * of a process so that they share one view of the database's health.
 */
final class ResilientStorage implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(ResilientStorage.class);
  private static final String NAME = "fetchq-storage";

  /** The breaker's states as callers see them. */
  public enum State {
    /** The database is available: calls go through. */
    CLOSED,
    /** The database is unavailable: calls fail fast with {@link DatabaseUnavailableException}. */
    OPEN,
    /** One probe call is let through to find out whether the database is back; others fail fast. */
    HALF_OPEN
  }

  /**
   * One change of the breaker's state.
   *
   * @param from the state before
   * @param to the state after
   * @param at when it changed
   * @param cause for a change to {@link State#OPEN}, the transient failure that caused it; else null
   */
  public record StateChange(State from, State to, Instant at, Throwable cause) {}

  private final Storage delegate;
  private final ResilienceSettings settings;
  private final RuntimeClock clock;
  private final CircuitBreaker breaker;
  private final Retry retry;
  private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
  private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
  /** Guards the outage bookkeeping, orders state changes, and wakes {@link #awaitAvailable} waiters. */
  private final Object monitor = new Object();
  private volatile Instant outageStart;
  private volatile Instant stateSince;
  private volatile Instant openUntil;
  /** The state last reported to the log and the listeners; guarded by {@link #monitor}. */
  private State reported = State.CLOSED;

  /** Protects {@code delegate} with {@link ResilienceSettings#defaults()}. */
  public ResilientStorage(Storage delegate) {
    this(delegate, ResilienceSettings.defaults());
  }

  /** Protects {@code delegate} with the given settings; closing this storage closes the delegate. */
  public ResilientStorage(Storage delegate, ResilienceSettings settings) {
    this(delegate, settings, RuntimeClock.SYSTEM);
  }

  /** As {@link #ResilientStorage(Storage, ResilienceSettings)}, reading {@code clock}; the breaker reads it too. */
  ResilientStorage(Storage delegate, ResilienceSettings settings, RuntimeClock clock) {
    this.delegate = Require.notNull("delegate", delegate);
    this.settings = Require.notNull("settings", settings);
    this.clock = Require.notNull("clock", clock);
    this.breaker =
        CircuitBreaker.of(
            NAME,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock.wall())
                // a slow answer is still an answer: slowness never opens the breaker
                .slowCallDurationThreshold(Duration.ofDays(1))
                .recordException(ResilientStorage::isTransient)
                // bad input and bugs tell nothing about the database; its own errors mean it answered
                .ignoreException(failure -> !(failure instanceof FetchqException))
                .build());
    this.retry =
        Retry.of(
            NAME,
            RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(
                    attempt -> settings.backoff(attempt, ThreadLocalRandom.current().nextDouble()).toMillis())
                .retryOnException(this::retryable)
                .failAfterMaxAttempts(false)
                .build());
    breaker.getEventPublisher().onStateTransition(this::transitioned);
    retry
        .getEventPublisher()
        .onRetry(
            event ->
                LOG.debug(
                    "Storage call failed transiently (attempt {} of {}), retrying in {}: {}",
                    event.getNumberOfRetryAttempts(),
                    settings.maxAttempts(),
                    event.getWaitInterval(),
                    String.valueOf(event.getLastThrowable())));
  }

  /** The settings this storage was made with. */
  public ResilienceSettings settings() {
    return settings;
  }

  /** The breaker's current state. */
  public State state() {
    return map(breaker.getState());
  }

  /**
   * Whether a call made now would be let through: the breaker is closed, or it is open and its
   * wait has passed (the call will be the probe). False while it is open, and while a probe is out
   * (half-open).
   */
  public boolean available() {
    return switch (breaker.getState()) {
      case CLOSED, DISABLED, METRICS_ONLY -> true;
      case OPEN -> {
        Instant until = openUntil;
        yield until != null && !clock.now().isBefore(until);
      }
      case HALF_OPEN, FORCED_OPEN -> false;
    };
  }

  /**
   * Waits until {@link #available()} or until {@code max} has passed, whichever comes first.
   * While a probe is out (half-open) it waits for the probe's verdict instead of returning at
   * once, so that callers that loop on this and a storage call never spin.
   *
   * @return whether the storage is available (false: {@code max} passed first)
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  public boolean awaitAvailable(Duration max) throws InterruptedException {
    Require.notNull("max", max);
    long now = clock.nanos();
    long deadline = max.isNegative() ? now : now + Math.min(max.toNanos(), Long.MAX_VALUE / 4);
    synchronized (monitor) {
      while (true) {
        if (available()) {
          return true;
        }
        long left = deadline - clock.nanos();
        if (left <= 0) {
          return false;
        }
        Instant until = openUntil;
        if (breaker.getState() == CircuitBreaker.State.OPEN && until != null) {
          long untilOpenEnds = Duration.between(clock.now(), until).toNanos() + 1_000_000;
          left = Math.min(left, Math.max(untilOpenEnds, 1_000_000));
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    }
  }

  /** The client's view of the database, for {@link Fetchq#health()}. */
  DatabaseHealth health() {
    Instant since = stateSince;
    return switch (state()) {
      case CLOSED -> new DatabaseHealth(DatabaseHealth.State.AVAILABLE, null, since);
      case OPEN -> new DatabaseHealth(DatabaseHealth.State.UNAVAILABLE, outageStart, since);
      case HALF_OPEN -> new DatabaseHealth(DatabaseHealth.State.PROBING, outageStart, since);
    };
  }

  /** When the current outage began (the breaker opened after being closed), or empty while closed. */
  public Optional<Instant> unavailableSince() {
    return Optional.ofNullable(outageStart);
  }

  /**
   * Calls {@code listener} once for every change of the breaker's state, one change at a time, on
   * the thread whose call caused it. The changes form a chain (each {@code from} is the previous
   * {@code to}, starting from {@link State#CLOSED}); a change undone before it could be reported
   * may be left out. A listener must be quick and must not call this storage; what it throws is
   * logged and ignored.
   */
  public void addStateListener(Consumer<StateChange> listener) {
    listeners.add(Require.notNull("listener", listener));
  }

  /** Stops calling {@code listener}; false when it was not added. */
  public boolean removeStateListener(Consumer<StateChange> listener) {
    return listeners.remove(listener);
  }

  /** Calls that needed at least one retry, whether they succeeded in the end or not (for tests). */
  long retriedCalls() {
    Retry.Metrics metrics = retry.getMetrics();
    return metrics.getNumberOfSuccessfulCallsWithRetryAttempt() + metrics.getNumberOfFailedCallsWithRetryAttempt();
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  /** The delegate's notifications, with {@code send} protected like the data operations; {@code listen} reconnects by itself. */
  @Override
  public Optional<Notifications> notifications() {
    return delegate.notifications().map(ResilientNotifications::new);
  }

  @Override
  public boolean createQueue(String queue, QueueOptions options) {
    return call(() -> delegate.createQueue(queue, options));
  }

  @Override
  public void updateQueue(String queue, QueueOptions options) {
    call(() -> {
      delegate.updateQueue(queue, options);
      return null;
    });
  }

  @Override
  public List<QueueInfo> queues() {
    return call(delegate::queues);
  }

  @Override
  public boolean dropQueue(String queue) {
    return call(() -> delegate.dropQueue(queue));
  }

  @Override
  public long truncateQueue(String queue) {
    return call(() -> delegate.truncateQueue(queue));
  }

  /**
   * {@inheritDoc} Calls on the caller's connection are neither retried nor counted by the breaker:
   * a statement that fails there leaves the caller's transaction aborted, and only the caller can
   * run its transaction again.
   */
  @Override
  public TaskStore on(java.sql.Connection connection) {
    return delegate.on(connection);
  }

  @Override
  public PushResult push(PushRequest request) {
    return call(() -> delegate.push(request));
  }

  @Override
  public UpsertResult upsert(PushRequest request) {
    return call(() -> delegate.upsert(request));
  }

  @Override
  public List<Task> get(SubjectsRequest request) {
    return call(() -> delegate.get(request));
  }

  @Override
  public TaskPage list(TaskQuery query) {
    return call(() -> delegate.list(query));
  }

  @Override
  public List<String> retry(SubjectsRequest request) {
    return call(() -> delegate.retry(request));
  }

  @Override
  public int retryKilled(String queue, int limit) {
    return call(() -> delegate.retryKilled(queue, limit));
  }

  @Override
  public List<String> runNow(SubjectsRequest request) {
    return call(() -> delegate.runNow(request));
  }

  @Override
  public CancelResult cancel(CancelRequest request) {
    return call(() -> delegate.cancel(request));
  }

  @Override
  public void pause(String queue, boolean paused) {
    call(
        () -> {
          delegate.pause(queue, paused);
          return null;
        });
  }

  @Override
  public List<Task> pick(PickRequest request) {
    return call(() -> delegate.pick(request));
  }

  @Override
  public SettleResult settle(SettleRequest request) {
    return call(() -> delegate.settle(request));
  }

  @Override
  public List<Lease> extend(ExtendRequest request) {
    return call(() -> delegate.extend(request));
  }

  @Override
  public MaintenanceResult maintain(MaintenanceRequest request) {
    return call(() -> delegate.maintain(request));
  }

  @Override
  public QueueStats stats(String queue) {
    return call(() -> delegate.stats(queue));
  }

  @Override
  public List<TaskError> errors(ErrorQuery query) {
    return call(() -> delegate.errors(query));
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  /** Runs {@code operation} with retries, each attempt through the breaker. */
  private <T> T call(Supplier<T> operation) {
    try {
      return Retry.decorateSupplier(retry, () -> attempt(operation)).get();
    } catch (DatabaseUnavailableException e) {
      throw e;
    } catch (StorageException e) {
      if (e.isTransient() && isOpen(breaker.getState())) {
        throw unavailable(e);
      }
      throw e;
    }
  }

  /** One attempt: refused at once while the breaker is open, else run and recorded by it. */
  private <T> T attempt(Supplier<T> operation) {
    if (!breaker.tryAcquirePermission()) {
      throw unavailable(lastFailure.get());
    }
    long start = clock.nanos();
    try {
      T result = operation.get();
      breaker.onSuccess(clock.nanos() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (Throwable failure) {
      if (isTransient(failure)) {
        lastFailure.set(failure); // before the breaker sees it, so that an opening names it
      }
      breaker.onError(clock.nanos() - start, TimeUnit.NANOSECONDS, failure);
      throw failure;
    }
  }

  private boolean retryable(Throwable failure) {
    return isTransient(failure)
        && !(failure instanceof DatabaseUnavailableException)
        && !isOpen(breaker.getState());
  }

  private static boolean isTransient(Throwable failure) {
    return failure instanceof StorageException storage && storage.isTransient();
  }

  private static boolean isOpen(CircuitBreaker.State state) {
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  private DatabaseUnavailableException unavailable(Throwable cause) {
    Instant now = clock.now();
    Instant since = outageStart;
    Instant until = openUntil;
    return new DatabaseUnavailableException(
        since == null ? now : since, until == null ? now.plus(settings.openWait()) : until, cause);
  }

  private static State map(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED, DISABLED, METRICS_ONLY -> State.CLOSED;
      case OPEN, FORCED_OPEN -> State.OPEN;
      case HALF_OPEN -> State.HALF_OPEN;
    };
  }

  /**
   * Keeps the outage bookkeeping, wakes waiters, and when the state differs from the one last
   * reported, logs the change and tells the listeners. Resilience4j publishes its events after the
   * state changed and without a lock, so two close changes can arrive out of order; reading the
   * breaker's state here instead of trusting the event keeps the reported changes a chain (each
   * {@code from} is the previous {@code to}) that ends in the real state.
   */
  private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
    synchronized (monitor) {
      Instant at = clock.now();
      if (isOpen(event.getStateTransition().getToState())) {
        // every opening moves the end of the wait, reported or not, so waiters never wake too early
        Instant until = at.plus(settings.openWait());
        Instant current = openUntil;
        if (current == null || until.isAfter(current)) {
          openUntil = until;
        }
      }
      monitor.notifyAll();
      State from = reported;
      State to = map(breaker.getState());
      if (from == to) {
        return;
      }
      reported = to;
      stateSince = at;
      Instant began = outageStart;
      Throwable cause = to == State.OPEN ? lastFailure.get() : null;
      if (to == State.OPEN && began == null) {
        outageStart = at;
      } else if (to == State.CLOSED) {
        outageStart = null;
      }
      log(from, to, at, began, cause);
      StateChange change = new StateChange(from, to, at, cause);
      for (Consumer<StateChange> listener : listeners) {
        try {
          listener.accept(change);
        } catch (RuntimeException e) {
          LOG.warn("A storage state listener failed on {}", change, e);
        }
      }
    }
  }

  private void log(State from, State to, Instant at, Instant began, Throwable cause) {
    if (to == State.OPEN && began == null) {
      LOG.warn(
          "The database is unavailable after repeated transient failures; storage calls fail fast for {}"
              + " and then probe. Last failure: {}",
          settings.openWait(),
          cause == null ? "none" : cause.getMessage(),
          cause);
    } else if (to == State.CLOSED && began != null) {
      LOG.info(
          "The database is available again after {} (unavailable since {})", Duration.between(began, at), began);
    } else if (to == State.OPEN) {
      LOG.debug("The probe failed; the database is still unavailable (since {}): {}", began, String.valueOf(cause));
    } else {
      LOG.debug("Storage circuit breaker {} -> {}", from, to);
    }
  }

  /** The delegate's notifications with {@code send} protected; {@code listen} passes through. */
  private final class ResilientNotifications implements Notifications {
    private final Notifications notifications;

    ResilientNotifications(Notifications notifications) {
      this.notifications = notifications;
    }

    @Override
    public void send(Set<String> queues) {
      call(() -> {
        notifications.send(queues);
        return null;
      });
    }

    @Override
    public Subscription listen(Set<String> queues, Listener listener) {
      return notifications.listen(queues, listener);
    }
  }
}
