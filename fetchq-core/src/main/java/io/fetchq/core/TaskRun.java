package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.LeaseLostException;
import io.fetchq.Limits;
import io.fetchq.Queue;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.UnreadablePayloadException;
import io.fetchq.internal.Require;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.TaskStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one picked task on a handler thread: calls the handler, turns what it returned (or
 * threw) into an outcome and reports it to its {@link RunOwner}, which settles it. It is also the
 * handler's {@link TaskContext}. Everything it needs comes with it when it is made ({@link
 * RunSetup}); it reaches its worker only through the owner's two calls.
 */
final class TaskRun implements Runnable, TaskContext {
  private static final Logger log = LoggerFactory.getLogger(TaskRun.class);

  private final Task task;
  private final RunSetup setup;
  private final RunOwner owner;
  private final Lease lease;
  private volatile long deadlineNanos;
  private volatile boolean leaseLost;
  private volatile boolean finished;
  private volatile boolean released;
  /** Set when the handler applied the run's outcome in its own transaction: the runtime settles it no more. */
  private volatile boolean settledByHandler;
  private volatile Thread thread;
  private volatile ScheduledFuture<?> expiry;
  private final long pickedAtNanos;
  /** What the handler settled in its own transaction, for the observer. */
  private volatile Outcome.Kind settledKind;
  /** Set on the run's thread only, and read there. */
  private long handlerNanos;
  private boolean failed;

  /**
   * @param pickedAtNanos when the pick that handed the task out was asked, on the scale of {@link
   *     RuntimeClock#nanos()}
   * @param deadlineNanos when the task's lock expires, on the same scale
   */
  TaskRun(Task task, long pickedAtNanos, long deadlineNanos, RunSetup setup, RunOwner owner) {
    this.pickedAtNanos = pickedAtNanos;
    this.task = task;
    this.setup = setup;
    this.owner = owner;
    this.lease = Lease.of(task);
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public void run() {
    Outcome outcome = null;
    synchronized (this) {
      if (released) {
        owner.ended(this, null);
        ended(Outcome.Kind.RELEASE);
        return;
      }
      thread = Thread.currentThread();
    }
    try {
      if (owner.stopping()) {
        outcome = Outcome.release(lease);
        return;
      }
      if (setup.clock().nanos() - deadlineNanos >= 0) {
        // the task may be someone else's already: running the handler now would race its new holder
        leaseLost = true;
        log.warn("{} {}: the lock expired while the task waited for a handler thread, {} ms after it was picked;"
            + " it was given back without running. {}", setup.queue(), task.subject(),
            java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(setup.clock().nanos() - pickedAtNanos),
            setup.lockWatch().pauseReport());
        outcome = Outcome.release(lease);
        return;
      }
      expiry = setup.lockWatch().watch(deadlineNanos, this::expire);
      long start = setup.clock().nanos();
      try (RunScope scope = setup.observer().runStarting(task)) {
        outcome = handle(setup.handler());
      } finally {
        handlerNanos = setup.clock().nanos() - start;
      }
    } finally {
      Outcome.Kind kind = settledKind != null ? settledKind : outcome != null ? outcome.kind() : null;
      synchronized (this) {
        finished = true;
        thread = null;
        if (released || settledByHandler) {
          outcome = null;
        }
      }
      ScheduledFuture<?> watch = expiry;
      if (watch != null) {
        watch.cancel(false);
      }
      Thread.interrupted();
      owner.ended(this, outcome);
      ended(kind);
    }
  }

  private void ended(Outcome.Kind kind) {
    if (setup.observer().isEmpty()) {
      return; // no RunEnd made on the path of every task when nobody listens
    }
    setup.observer().runEnded(
        new RunEnd(task, kind, failed, handlerNanos, setup.clock().nanos() - pickedAtNanos));
  }

  private Outcome handle(Handler handler) {
    try {
      Action action = handler.handle(task, this);
      if (action == null) {
        failed = true;
        return setup.outcomes().failed(task, FailureDetails.of("the handler returned no action"));
      }
      return setup.outcomes().of(task, action);
    } catch (UnreadablePayloadException e) {
      failed = true;
      return setup.outcomes().unreadable(task, FailureDetails.of(e));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      failed = true;
      if (leaseLost) {
        log.debug("{} {}: run ended after its lock expired: {}", setup.queue(), task.subject(), e.toString());
      }
      return setup.outcomes().failed(task, FailureDetails.of(e));
    }
  }

  /** The lock expired: the lease may be handed to another worker, so the handler is interrupted. */
  private void expire() {
    synchronized (this) {
      if (finished) {
        return;
      }
      leaseLost = true;
      if (thread != null) {
        thread.interrupt();
      }
    }
    log.warn("{} {}: the handler ran past its lock and was interrupted", setup.queue(), task.subject());
  }

  /**
   * At shutdown: if the run has not finished, the task is given back at once and whatever the
   * handler returns later is dropped. Returns the release outcome, or null when the run finished.
   */
  Outcome releaseIfUnfinished() {
    synchronized (this) {
      // a run the handler settled in its own transaction is the handler's to commit or roll back
      if (finished || released || settledByHandler) {
        return null;
      }
      released = true;
      leaseLost = true;
      if (thread != null) {
        thread.interrupt();
      }
    }
    return Outcome.release(lease);
  }

  /**
   * At shutdown, or when its lock is about to run out while it waits: if no handler thread has
   * reached the run yet, it will never call the handler; the task is to be given back at once, its
   * attempt returned. Returns the release outcome, or null when the run started.
   */
  Outcome releaseIfNotStarted() {
    synchronized (this) {
      if (thread != null || finished || released) {
        return null;
      }
      released = true;
      leaseLost = true;
    }
    return Outcome.release(lease);
  }

  /** When the task's lock expires (extended by the handler, perhaps), on the scale of {@link RuntimeClock#nanos()}. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Whether the run still waits for a handler thread: not started, finished or given back. */
  boolean waiting() {
    return thread == null && !finished && !released;
  }

  // ------------------------------------------------------------------ TaskContext

  @Override
  public Queue queue(String name) {
    return setup.queues().queue(name);
  }

  @Override
  public long lease() {
    return task.lease();
  }

  @Override
  public int attempt() {
    return task.attempts();
  }

  @Override
  public boolean leaseLost() {
    return leaseLost;
  }

  @Override
  public boolean cancelled() {
    return setup.storage().get(SubjectsRequest.of(setup.queue(), task.subject())).stream()
        .anyMatch(t -> t.lease() == -task.lease());
  }

  @Override
  public boolean extendLock(Duration lock) {
    Require.duration("lock", lock, Duration.ofMillis(1), Limits.MAX_LOCK);
    if (leaseLost) {
      return false;
    }
    long asked = setup.clock().nanos();
    List<Lease> held =
        setup.storage().extend(new ExtendRequest(setup.queue(), List.of(lease), lock));
    if (held.isEmpty()) {
      leaseLost = true;
      return false;
    }
    deadlineNanos = asked + lock.toNanos();
    ScheduledFuture<?> previous = expiry;
    if (previous != null) {
      previous.cancel(false);
    }
    synchronized (this) {
      if (!finished) {
        expiry = setup.lockWatch().watch(deadlineNanos, this::expire);
      }
    }
    return true;
  }

  @Override
  public void settle(Connection connection, Action action) {
    Require.notNull("connection", connection);
    Require.notNull("action", action);
    if (settledByHandler) {
      throw new IllegalStateException("the run of " + task.subject() + " was already settled in a transaction");
    }
    Outcome outcome = setup.outcomes().of(task, action);
    TaskStore transaction = setup.transactions().on(connection);
    if (transaction.settle(SettleRequest.of(setup.queue(), outcome)).applied() == 0) {
      leaseLost = true;
      throw new LeaseLostException(setup.queue(), task.subject(), task.lease());
    }
    settledByHandler = true;
    settledKind = outcome.kind();
    if (outcome.kind() == Outcome.Kind.RESCHEDULE || outcome.kind() == Outcome.Kind.REJECT) {
      setup.transactions().woke(transaction, setup.queue());
    }
  }

  @Override
  public <T> T payload(Class<T> type) {
    return setup.payloads().read(task, type);
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    return setup.services().get(type);
  }
}
