package io.fetchq.core;

import io.fetchq.Handler;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.StorageException;
import io.fetchq.Task;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes tasks from one queue and runs them with one handler: picker threads lock batches of due
 * tasks while handler threads have room, handler threads run them, and the settler settles their
 * outcomes in batches. There are {@link #pickers} pickers, so that the next batch is on its way
 * while one pick's round trip is in flight. An idle picker waits longer and longer (up to a
 * ceiling) unless a wake-up says tasks arrived.
 *
 * <p>A task picked ahead of a free handler waits in the worker. An attempt is spent only by a run:
 * a task still waiting when its lock is about to run out ({@link #giveBackMargin}) is given back
 * with its attempt returned, so that another worker can run it, and the pickers then take no more
 * than the handlers can start until one of them is free again.
 */
final class Worker {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final String queue;
  private final WorkerOptions options;
  private final Duration lock;
  private final Storage storage;
  private final Settler settler;
  private final LockWatch lockWatch;
  private final RuntimeClock clock;
  private final Observers observer;
  /** What each run is made with. */
  private final RunSetup runSetup;
  /** How runs reach this worker: only through this, so that they see nothing else of it. */
  private final RunOwner owner = new Owner();
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  /** Room for tasks picked but not finished: the handlers plus one batch per picker. */
  private final Semaphore room;
  private final Semaphore wakeUp = new Semaphore(0);
  /** Followers (every picker but the first) wait here while the queue is empty; the lead wakes them. */
  private final Semaphore busy = new Semaphore(0);
  /** The longest a follower rests before it looks by itself, should the lead not wake it. */
  private static final long FOLLOWER_REST_NANOS = TimeUnit.SECONDS.toNanos(30);
  /**
   * Room for outcomes not yet settled: when the settler falls behind (or the database is down),
   * handlers wait here instead of piling outcomes up in memory.
   */
  private final Semaphore unsettled;
  private final Set<TaskRun> runs = ConcurrentHashMap.newKeySet();
  private final AtomicInteger handled = new AtomicInteger();
  private final List<Thread> pickers = new ArrayList<>();
  private volatile boolean stopping;
  /** Set when tasks waited so long that they had to be given back; cleared when a handler is free. */
  private volatile boolean handlersStuck;
  private volatile ScheduledFuture<?> sweep;

  Worker(
      String queue,
      Handler handler,
      WorkerOptions options,
      QueueSettings settings,
      QueueOptions stored,
      Storage storage,
      CallerTransactions transactions,
      Payloads payloads,
      Settler settler,
      LockWatch lockWatch,
      QueueDirectory queues,
      Services services,
      RuntimeClock clock,
      Observers observer) {
    this.observer = observer;
    this.queue = queue;
    this.options = options;
    // the lock stored with the queue, which every client uses, unless this worker sets its own
    this.lock = options.lock() != null ? options.lock() : (stored != null ? stored : settings.options()).lock();
    this.storage = storage;
    this.settler = settler;
    this.lockWatch = lockWatch;
    this.clock = clock;
    QueueOptions shared = stored != null ? stored : settings.options();
    ScheduledRuns schedules = new ScheduledRuns(queue, settings.retry(), shared.maxAttempts(), clock);
    this.runSetup = new RunSetup(queue, handler,
        new ActionOutcomes(settings.retry(), settings.threshold(), payloads, schedules),
        payloads, storage, transactions, lockWatch, queues, services, clock, observer);
    this.ownsExecutor = options.executor() == null;
    this.executor = ownsExecutor ? handlerThreads(queue, options.concurrency()) : options.executor();
    int pickerCount = pickers(options);
    int roomSize = options.concurrency() + pickerCount * options.batch();
    this.room = new Semaphore(roomSize);
    this.unsettled = new Semaphore(2 * roomSize + 100);
    for (int i = 1; i <= pickerCount; i++) {
      boolean lead = i == 1;
      Thread picker = new Thread(() -> pickLoop(lead), "fetchq-picker-" + queue + "-" + i);
      picker.setDaemon(true);
      pickers.add(picker);
    }
  }

  /**
   * How many pickers a worker runs: enough for its handlers to be fed by picks in flight one after
   * another (one per batch the handlers hold, plus two), at most four. A worker with one handler
   * keeps one picker, so that its tasks run in the order pick hands them out (priority first).
   */
  static int pickers(WorkerOptions options) {
    if (options.concurrency() == 1) {
      return 1;
    }
    int batchesHeld = (options.concurrency() + options.batch() - 1) / options.batch();
    return Math.min(4, 2 + batchesHeld);
  }

  private static ExecutorService handlerThreads(String queue, int concurrency) {
    AtomicInteger number = new AtomicInteger();
    return Executors.newFixedThreadPool(
        concurrency,
        r -> {
          Thread thread = new Thread(r, "fetchq-handler-" + queue + "-" + number.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  void start() {
    long margin = giveBackMargin(lock).toNanos();
    sweep = lockWatch.every(Duration.ofNanos(Math.max(margin / 4, TimeUnit.MILLISECONDS.toNanos(5))),
        () -> giveBackWaiting(margin));
    pickers.forEach(Thread::start);
  }

  /**
   * How long before its lock runs out a task that still waits for a handler is given back: a
   * quarter of the lock, at most ten seconds, so that its release is settled before the lock
   * expires and orphan recovery would count it as a failed attempt.
   */
  static Duration giveBackMargin(Duration lock) {
    Duration quarter = lock.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : quarter;
  }

  /** Gives back every task that still waits for a handler and whose lock runs out within {@code marginNanos}. */
  private void giveBackWaiting(long marginNanos) {
    long now = clock.nanos();
    int given = 0;
    for (TaskRun run : runs) {
      if (run.waiting() && now - (run.deadlineNanos() - marginNanos) >= 0 && giveBack(run)) {
        given++;
      }
    }
    if (given > 0) {
      handlersStuck = true;
      log.warn("{}: {} tasks waited for a handler until their lock nearly ran out and were given back"
          + " without spending an attempt; the worker picks no more than its free handlers until one"
          + " finishes. {}", queue, given, lockWatch.pauseReport());
    }
  }

  /** Due tasks arrived: an idle picker looks at once. */
  void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  // ------------------------------------------------------------------ the picker

  /**
   * Picks until stopped. The lead polls an empty queue with growing pauses and is woken by
   * wake-ups; followers wait while the queue is empty, until the lead picks a full batch.
   */
  private void pickLoop(boolean lead) {
    long idleNanos = options.idleMin().toNanos();
    while (!stopping) {
      int taken = 0;
      try {
        int size = options.batch();
        if (handlersStuck) {
          size = Math.min(size, options.concurrency() - runs.size());
          if (size <= 0) {
            rest(lead, options.idleMin().toNanos());
            continue;
          }
        }
        room.acquire(size);
        taken = size;
        if (stopping) {
          room.release(taken);
          return;
        }
        long askedAt = clock.nanos();
        List<Task> picked = storage.pick(new PickRequest(queue, options.version(), taken, lock));
        observer.picked(queue, taken, picked.size(), clock.nanos() - askedAt);
        room.release(taken - picked.size());
        int asked = taken;
        taken = 0;
        long deadline = askedAt + lock.toNanos();
        for (Task task : picked) {
          start(new TaskRun(task, askedAt, deadline, runSetup, owner));
        }
        if (picked.isEmpty()) {
          rest(lead, idleNanos);
          idleNanos = Math.min(idleNanos * 2, options.idleMax().toNanos());
        } else {
          idleNanos = options.idleMin().toNanos();
          if (lead && picked.size() == asked) {
            busy.release(Math.max(0, pickers.size() - 1 - busy.availablePermits()));
          }
        }
      } catch (InterruptedException e) {
        room.release(taken);
        if (stopping) {
          return;
        }
      } catch (QueueNotFoundException e) {
        room.release(taken);
        log.warn("queue {} does not exist; its worker waits for it", queue);
        rest(lead, options.idleMax().toNanos());
      } catch (DatabaseUnavailableException e) {
        room.release(taken);
        rest(lead, untilProbe(e));
      } catch (StorageException e) {
        room.release(taken);
        log.debug("pick from {} failed: {}", queue, e.getMessage());
        rest(lead, options.idleMax().toNanos());
      } catch (RuntimeException e) {
        room.release(taken);
        log.error("the worker of {} failed to pick; it goes on", queue, e);
        rest(lead, options.idleMax().toNanos());
      }
    }
  }

  /** While the database is down, the picker pauses until the circuit breaker lets a probe through. */
  private long untilProbe(DatabaseUnavailableException e) {
    long millis = Duration.between(clock.now(), e.retryAfter()).toMillis();
    return TimeUnit.MILLISECONDS.toNanos(Math.max(10, Math.min(millis, options.idleMax().toMillis())));
  }

  private void rest(boolean lead, long nanos) {
    if (lead) {
      idle(nanos);
      return;
    }
    try {
      busy.tryAcquire(Math.max(nanos, FOLLOWER_REST_NANOS), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void idle(long nanos) {
    try {
      wakeUp.tryAcquire(nanos, TimeUnit.NANOSECONDS);
      wakeUp.drainPermits();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start(TaskRun run) {
    runs.add(run);
    if (stopping && giveBack(run)) {
      return;
    }
    try {
      executor.execute(run);
    } catch (RejectedExecutionException e) {
      giveBack(run);
    }
  }

  // ------------------------------------------------------------------ what runs report

  /** What the runs of this worker reach of it. */
  private final class Owner implements RunOwner {
    @Override
    public boolean stopping() {
      return stopping;
    }

    @Override
    public void ended(TaskRun run, Outcome outcome) {
      if (outcome != null) {
        settle(outcome, run.deadlineNanos());
      }
      if (forget(run)) {
        handled.incrementAndGet();
        handlersStuck = false;
      }
    }
  }

  /**
   * Hands an outcome to the settler, waiting while too many are unsettled; a stopping worker or an
   * interrupted handler never waits, so close() cannot hang behind a stalled database.
   */
  private void settle(Outcome outcome, long deadlineNanos) {
    boolean held = unsettled.tryAcquire();
    while (!held && !stopping) {
      try {
        held = unsettled.tryAcquire(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    settler.submit(queue, outcome, deadlineNanos, held ? unsettled::release : () -> {});
  }

  private boolean forget(TaskRun run) {
    if (!runs.remove(run)) {
      return false;
    }
    room.release();
    if (stopping && runs.isEmpty()) {
      synchronized (runs) {
        runs.notifyAll();
      }
    }
    return true;
  }

  /**
   * Gives back at once the task of a run that has not started, so that other workers need not
   * wait for its lock; true when it did. The run, when a handler thread reaches it, does nothing.
   */
  private boolean giveBack(TaskRun run) {
    Outcome release = run.releaseIfNotStarted();
    if (release == null) {
      return false;
    }
    settle(release, run.deadlineNanos());
    forget(run);
    return true;
  }

  /**
   * Runs due tasks of the queue on the calling thread, one batch after another, until a pick finds
   * none, and waits until their outcomes are settled; returns how many ran. For a client that is
   * not started: the pickers and handler threads are not used.
   *
   * @param most the most tasks to run
   */
  int drain(int most) throws InterruptedException {
    RunOwner inline = new RunOwner() {
      @Override
      public boolean stopping() {
        return false;
      }

      @Override
      public void ended(TaskRun run, Outcome outcome) {
        if (outcome != null) {
          settler.submit(queue, outcome, run.deadlineNanos());
        }
      }
    };
    int ran = 0;
    while (ran < most) {
      long askedAt = clock.nanos();
      List<Task> picked = storage.pick(new PickRequest(queue, options.version(), Math.min(options.batch(), most - ran), lock));
      observer.picked(queue, options.batch(), picked.size(), clock.nanos() - askedAt);
      for (Task task : picked) {
        new TaskRun(task, askedAt, askedAt + lock.toNanos(), runSetup, inline).run();
        ran++;
      }
      if (!settler.awaitSettled(Duration.ofMinutes(1))) {
        throw new IllegalStateException("the outcomes of " + queue + "'s tasks were not settled within a minute");
      }
      if (picked.isEmpty()) {
        break;
      }
    }
    return ran;
  }

  /** How many runs a handler thread took to their end (for tests). */
  int handled() {
    return handled.get();
  }

  // ------------------------------------------------------------------ shutdown

  /**
   * Stops picking and gives back at once the tasks picked but not started (runs picked from now
   * on give theirs back as they come); the running handlers go on.
   */
  void stopPicking() {
    stopping = true;
    ScheduledFuture<?> giveBacks = sweep;
    if (giveBacks != null) {
      giveBacks.cancel(false);
    }
    wake();
    pickers.forEach(Thread::interrupt);
    for (TaskRun run : new ArrayList<>(runs)) {
      giveBack(run);
    }
  }

  /**
   * Waits for the pickers to end and the runs to finish, at most until {@code deadlineNanos} (on
   * the scale of {@link RuntimeClock#nanos()}).
   */
  boolean awaitRuns(long deadlineNanos) throws InterruptedException {
    for (Thread picker : pickers) {
      picker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - clock.nanos())));
    }
    synchronized (runs) {
      while (!runs.isEmpty()) {
        long left = deadlineNanos - clock.nanos();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(runs, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
    return true;
  }

  /** Gives back every task still held by an unfinished run, interrupting its handler. */
  int releaseUnfinished() {
    int released = 0;
    for (TaskRun run : new ArrayList<>(runs)) {
      Outcome release = run.releaseIfUnfinished();
      if (release != null) {
        settle(release, run.deadlineNanos());
        released++;
      }
    }
    return released;
  }

  void shutdownExecutor() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }
}
