package io.fetchq.core;

import io.fetchq.QueueNotFoundException;
import io.fetchq.StorageException;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the outcomes of finished runs in batches: an outcome waits at most the settle delay, or
 * until a batch is full, so that one round trip serves many runs. Outcomes that could not be
 * settled because the database failed are kept and tried again until they are settled or their
 * lease has expired (after which the storage would refuse them anyway).
 */
final class Settler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Settler.class);
  /** How long after its lock expired an unsettled outcome is still worth trying. */
  private static final long EXPIRY_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** One outcome waiting to be settled. */
  record Pending(String queue, Outcome outcome, long leaseExpiresAtNanos, Runnable done) {}

  private final Storage storage;
  private final Observers observer;
  private final RuntimeClock clock;
  private final long delayNanos;
  private final int batchSize;
  private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
  private final List<Pending> retrying = new ArrayList<>();
  private final Thread thread;
  private final Object settledSignal = new Object();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private volatile boolean closed;
  /** Whether outcomes that outlived their locks were reported since the last settle that worked. */
  private boolean outageReported;

  Settler(Storage storage, Duration delay, int batchSize, RuntimeClock clock, Observers observer) {
    this.observer = observer;
    this.storage = storage;
    this.clock = clock;
    this.delayNanos = delay.toNanos();
    this.batchSize = batchSize;
    this.thread = new Thread(this::loop, "fetchq-settler");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues an outcome; {@code leaseExpiresAtNanos} is on the scale of {@link RuntimeClock#nanos()}. */
  void submit(String queue, Outcome outcome, long leaseExpiresAtNanos) {
    submit(queue, outcome, leaseExpiresAtNanos, () -> {});
  }

  /** Queues an outcome; {@code done} runs once it is settled or abandoned. */
  void submit(String queue, Outcome outcome, long leaseExpiresAtNanos, Runnable done) {
    inFlight.incrementAndGet();
    waiting.add(new Pending(queue, outcome, leaseExpiresAtNanos, done));
  }

  /** Waits until every outcome submitted so far is settled or abandoned; false on timeout. */
  boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = clock.nanos() + timeout.toNanos();
    synchronized (settledSignal) {
      while (inFlight.get() > 0) {
        long left = deadline - clock.nanos();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(settledSignal, left);
      }
    }
    return true;
  }

  long applied() {
    return applied.get();
  }

  long stale() {
    return stale.get();
  }

  long abandoned() {
    return abandoned.get();
  }

  /** Stops after settling what was submitted, waiting at most {@code timeout}. */
  void close(Duration timeout) {
    try {
      if (!awaitSettled(timeout)) {
        log.warn("{} outcomes were not settled before shutdown; their tasks will be recovered when their locks expire", inFlight.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closed = true;
      thread.interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private void loop() {
    long backoffMillis = 50;
    while (!closed) {
      try {
        List<Pending> batch = nextBatch();
        if (batch.isEmpty()) {
          continue;
        }
        if (settle(batch)) {
          backoffMillis = 50;
        } else {
          Thread.sleep(backoffMillis);
          backoffMillis = Math.min(2_000, backoffMillis * 2);
        }
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      } catch (RuntimeException e) {
        log.error("the settler failed unexpectedly; it goes on", e);
      }
    }
  }

  /** The retried outcomes first, then new ones: waits for one, then up to the delay for more. */
  private List<Pending> nextBatch() throws InterruptedException {
    List<Pending> batch = new ArrayList<>(retrying);
    retrying.clear();
    if (batch.isEmpty()) {
      Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
      if (first == null) {
        return batch;
      }
      batch.add(first);
    }
    long deadline = clock.nanos() + delayNanos;
    while (batch.size() < batchSize) {
      waiting.drainTo(batch, batchSize - batch.size());
      long left = deadline - clock.nanos();
      if (batch.size() >= batchSize || left <= 0) {
        break;
      }
      Pending next = waiting.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  /** Settles a batch, queue by queue; false when the database failed and outcomes wait for a retry. */
  private boolean settle(List<Pending> batch) {
    boolean allDone = true;
    for (List<Pending> request : requests(batch)) {
      String queue = request.get(0).queue();
      long start = clock.nanos();
      try {
        SettleResult result =
            storage.settle(new SettleRequest(queue, request.stream().map(Pending::outcome).toList()));
        observer.settled(queue, result.applied(), result.stale().size(), clock.nanos() - start);
        applied.addAndGet(result.applied());
        stale.addAndGet(result.stale().size());
        if (!result.stale().isEmpty() && log.isDebugEnabled()) {
          log.debug("{} outcomes in {} were stale (lease no longer current): {}", result.stale().size(), queue,
              result.stale().stream().map(Lease::subject).toList());
        }
        done(request);
        outageReported = false;
      } catch (QueueNotFoundException e) {
        log.warn("queue {} is gone; {} outcomes dropped", queue, request.size());
        abandoned.addAndGet(request.size());
        done(request);
      } catch (StorageException e) {
        observer.settleFailed(queue, request.size(), clock.nanos() - start);
        allDone = false;
        retryLater(request, e);
      }
    }
    return allDone;
  }

  /**
   * Keeps every outcome of a request that failed, to try again: also one whose lock has expired
   * meanwhile, since the storage fences each outcome by its lease. It applies one whose task no one
   * took since (the run's work is kept, not done again) and refuses, as stale, one whose task was
   * recovered or picked by another worker. Said once per outage, when an outcome outlives its lock.
   */
  private void retryLater(List<Pending> request, StorageException failure) {
    long now = clock.nanos();
    int pastLock = 0;
    for (Pending pending : request) {
      retrying.add(pending);
      if (now - pending.leaseExpiresAtNanos() > EXPIRY_GRACE_NANOS) {
        pastLock++;
      }
    }
    if (pastLock > 0 && !outageReported) {
      outageReported = true;
      log.warn("{} outcomes in {} could not be settled before their locks expired, because the database could not be"
          + " reached ({}); they are kept and settled once it can be: each applies if no other worker took its"
          + " task meanwhile, and is refused as stale (the task runs again) if one did", pastLock,
          request.get(0).queue(), failure.getMessage());
    }
  }

  /** Groups by queue, at most one outcome per subject and {@code batchSize} outcomes per request. */
  private List<List<Pending>> requests(List<Pending> batch) {
    List<List<Pending>> requests = new ArrayList<>();
    Map<String, List<Pending>> open = new LinkedHashMap<>();
    Map<String, Set<String>> subjects = new LinkedHashMap<>();
    for (Pending pending : batch) {
      List<Pending> current = open.computeIfAbsent(pending.queue(), q -> new ArrayList<>());
      Set<String> seen = subjects.computeIfAbsent(pending.queue(), q -> new HashSet<>());
      if (!seen.add(pending.outcome().lease().subject()) || current.size() >= batchSize) {
        requests.add(current);
        current = new ArrayList<>();
        open.put(pending.queue(), current);
        seen.clear();
        seen.add(pending.outcome().lease().subject());
      }
      current.add(pending);
    }
    open.values().stream().filter(l -> !l.isEmpty()).forEach(requests::add);
    return requests;
  }

  private void done(List<Pending> finished) {
    for (Pending pending : finished) {
      try {
        pending.done().run();
      } catch (RuntimeException e) {
        log.warn("a settle callback failed", e);
      }
    }
    if (inFlight.addAndGet(-finished.size()) == 0) {
      synchronized (settledSignal) {
        settledSignal.notifyAll();
      }
    }
  }
}
