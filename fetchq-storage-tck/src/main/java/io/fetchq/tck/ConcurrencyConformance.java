package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.Limits;
import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.StorageException;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.UpsertResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Concurrency, on real threads released together: pushers racing on the same subjects add each
 * once; pickers draining a queue never share a task and miss none; stale and current holders
 * settling at once never both win; a mixed load of push, pick, settle and maintenance keeps every
 * counter exact.
 */
abstract class ConcurrencyConformance extends StorageConformance {

  private static final int THREADS = 8;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void racingPushersAddEachSubjectExactlyOnce() {
    String queue = newQueue();
    List<String> subjects = subjects("hero-", 1000);
    ConcurrentLinkedQueue<String> added = new ConcurrentLinkedQueue<>();

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      Random random = new Random(worker);
      List<String> mine = new ArrayList<>(subjects);
      Collections.shuffle(mine, random);
      int i = 0;
      while (i < mine.size()) {
        int size = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(80);
        List<NewTask> batch = mine.subList(i, Math.min(mine.size(), i + size)).stream()
            .map(s -> NewTask.of(s).payload("{\"by\":" + worker + "}")).toList();
        added.addAll(push(queue, batch).added());
        i += size;
      }
    });

    assertThat(added).as("subjects added over all push results").hasSize(1000).doesNotHaveDuplicates();
    assertThat(new HashSet<>(added)).isEqualTo(new HashSet<>(subjects));
    assertThat(allTasks(queue)).hasSize(1000);
    QueueStats stats = stats(queue);
    assertThat(stats.pushed()).isEqualTo(1000);
    assertThat(stats.pending()).isEqualTo(1000);
    assertCountersAgreeWithRows(queue);
  }

  /**
   * Upserts of overlapping batches in different orders insert each subject once and update it
   * once per other writer. The SPI lets a call fail transiently (a deadlock, which a backend that
   * runs the upsert as several statements may meet) and take no effect, so such calls are tried
   * again, as the runtime does; what is checked is that nothing is inserted twice or lost.
   */
  @Test
  void racingUpsertsInsertEachSubjectExactlyOnce() {
    String queue = newQueue();
    List<String> subjects = subjects("u-", 500);
    ConcurrentLinkedQueue<String> inserted = new ConcurrentLinkedQueue<>();
    AtomicInteger updated = new AtomicInteger();

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      Random random = new Random(100 + worker);
      List<String> mine = new ArrayList<>(subjects);
      Collections.shuffle(mine, random);
      for (int i = 0; i < mine.size(); i += 50) {
        List<NewTask> batch = mine.subList(i, Math.min(mine.size(), i + 50)).stream()
            .map(s -> NewTask.of(s).payload("{\"by\":" + worker + "}")).toList();
        UpsertResult result = retryingTransient(() -> storage.upsert(new PushRequest(queue, batch)));
        inserted.addAll(result.inserted());
        updated.addAndGet(result.updated().size());
        assertThat(result.skipped()).isEmpty();
      }
    });

    assertThat(inserted).hasSize(500).doesNotHaveDuplicates();
    assertThat(updated.get()).isEqualTo(500 * (THREADS - 1));
    assertThat(stats(queue).pushed()).isEqualTo(500);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertsRacingPickersNeverTouchAHeldTask() {
    String queue = newQueue();
    int total = 600;
    List<String> subjects = pushMany(queue, "t", total);
    Map<String, Task> held = new ConcurrentHashMap<>();
    AtomicInteger skipped = new AtomicInteger();
    long stopAt = System.nanoTime() + Duration.ofMillis(1500).toNanos();

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      Random random = new Random(worker);
      while (System.nanoTime() < stopAt && held.size() < total) {
        if (worker % 2 == 0) {
          for (Task t : pick(queue, 5 + random.nextInt(20))) {
            assertThat(held.put(t.subject(), t)).as("%s picked twice", t.subject()).isNull();
          }
        } else {
          int from = random.nextInt(total - 50);
          List<NewTask> batch = subjects.subList(from, from + 50).stream()
              .map(s -> NewTask.of(s).payload("{\"upserted\":" + worker + "}")).toList();
          skipped.addAndGet(storage.upsert(new PushRequest(queue, batch)).skipped().size());
        }
      }
    });

    assertThat(held).isNotEmpty();
    for (Task t : held.values()) {
      Task now = task(queue, t.subject());
      assertThat(now.status()).as("status of held %s", t.subject()).isEqualTo(TaskStatus.ACTIVE);
      assertThat(now.lease()).as("lease of held %s", t.subject()).isEqualTo(t.lease());
      assertThat(now.payload()).as("payload of held %s", t.subject()).isEqualTo(t.payload());
    }
    SettleResult result = settle(queue, held.values().stream().map(t -> Outcome.complete(Lease.of(t))).toList());
    assertThat(result.stale()).isEmpty();
    assertThat(stats(queue).pushed()).isEqualTo(total);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void racingPickersNeverShareATaskAndMissNone() {
    String queue = newQueue();
    int total = 3000;
    pushMany(queue, "t", total);
    Map<String, Integer> handedOut = new ConcurrentHashMap<>();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger picks = new AtomicInteger();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      Random random = new Random(worker);
      while (completed.get() < total && System.nanoTime() < deadline) {
        List<Task> batch = pick(queue, 10 + random.nextInt(41));
        picks.addAndGet(batch.size());
        if (batch.isEmpty()) {
          Thread.yield();
          continue;
        }
        for (Task t : batch) {
          handedOut.merge(t.subject(), 1, Integer::sum);
          assertThat(t.status()).isEqualTo(TaskStatus.ACTIVE);
        }
        SettleResult result = settle(queue, batch.stream().map(t -> Outcome.complete(Lease.of(t))).toList());
        assertThat(result.stale()).as("stale leases of a held batch").isEmpty();
        completed.addAndGet(result.applied());
      }
    });

    assertThat(handedOut.entrySet()).filteredOn(e -> e.getValue() > 1).as("tasks handed out twice").isEmpty();
    assertThat(handedOut).hasSize(total);
    assertThat(picks.get()).isEqualTo(total);
    assertThat(completed.get()).isEqualTo(total);
    assertThat(allTasks(queue)).hasSize(total).allMatch(t -> t.status() == TaskStatus.COMPLETED);
    QueueStats stats = stats(queue);
    assertThat(stats.completed()).isEqualTo(total);
    assertThat(stats.picked()).isEqualTo(total);
    assertThat(stats.processed()).isEqualTo(total);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void staleAndCurrentHoldersSettlingAtOnceNeverBothWin() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(10));
    int n = 200;
    pushMany(queue, "t", n);
    List<Task> slow = new ArrayList<>(pick(queue, n, SHORT_LOCK));
    assertThat(slow).hasSize(n);
    awaitLockExpiry(slow);
    AtomicInteger recovered = new AtomicInteger();
    ConcurrentLinkedQueue<Task> fresh = new ConcurrentLinkedQueue<>();
    Concurrently.run(THREADS, TIMEOUT, worker -> {
      // half recover the orphans in small passes while the other half re-pick what comes back
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (fresh.size() < n && System.nanoTime() < deadline) {
        if (worker % 2 == 0) {
          recovered.addAndGet(storage.maintain(new MaintenanceRequest(queue, EnumSet.of(Job.RECOVER_ORPHANS), 13)).recovered());
        } else {
          fresh.addAll(pick(queue, 17));
        }
        Thread.yield();
      }
    });
    assertThat(recovered.get()).isEqualTo(n);
    assertThat(fresh).hasSize(n);

    List<Outcome> late = slow.stream().map(t -> Outcome.complete(Lease.of(t), "{\"by\":\"slow\"}")).toList();
    List<Outcome> current = fresh.stream().map(t -> Outcome.kill(Lease.of(t), "by fresh", null)).toList();
    AtomicInteger lateApplied = new AtomicInteger();
    AtomicInteger currentApplied = new AtomicInteger();
    Concurrently.run(THREADS, TIMEOUT, worker -> {
      List<Outcome> mine = worker % 2 == 0 ? late : current;
      int part = worker / 2;
      int quarter = n / (THREADS / 2);
      List<Outcome> slice = mine.subList(part * quarter, (part + 1) * quarter);
      SettleResult result = settle(queue, slice);
      (worker % 2 == 0 ? lateApplied : currentApplied).addAndGet(result.applied());
    });

    assertThat(lateApplied.get()).as("outcomes of stale holders applied").isZero();
    assertThat(currentApplied.get()).as("outcomes of current holders applied").isEqualTo(n);
    assertThat(allTasks(queue)).hasSize(n).allMatch(t -> t.status() == TaskStatus.KILLED && t.payload() == null);
    QueueStats stats = stats(queue);
    assertThat(stats.orphaned()).isEqualTo(n);
    assertThat(stats.processed()).isEqualTo(n);
    assertThat(stats.errors()).isEqualTo(2L * n);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void twoSettlersOfTheSameLeasesNeverBothApply() {
    String queue = newQueue();
    int n = 300;
    pushMany(queue, "t", n);
    List<Task> held = pick(queue, n);
    assertThat(held).hasSize(n);
    List<Lease> leases = held.stream().map(Lease::of).toList();
    AtomicLongArray applied = new AtomicLongArray(THREADS);

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      List<Lease> mine = new ArrayList<>(leases);
      Collections.shuffle(mine, new Random(worker));
      for (int i = 0; i < mine.size(); i += 25) {
        List<Outcome> outcomes = mine.subList(i, i + 25).stream()
            .map(l -> worker % 2 == 0 ? Outcome.complete(l, "{\"w\":" + worker + "}") : Outcome.reschedule(l, Duration.ofHours(1)).withPayload("{\"w\":" + worker + "}"))
            .toList();
        SettleResult result = settleRetryingTransient(queue, outcomes);
        assertThat(result.applied() + result.stale().size()).isEqualTo(outcomes.size());
        applied.addAndGet(worker, result.applied());
      }
    });

    long sum = 0;
    for (int i = 0; i < THREADS; i++) {
      sum += applied.get(i);
    }
    assertThat(sum).as("outcomes applied over all settlers").isEqualTo(n);
    List<Task> tasks = allTasks(queue);
    assertThat(tasks).hasSize(n).allMatch(t -> t.iterations() == 1);
    long rescheduledTasks = tasks.stream().filter(t -> t.status() == TaskStatus.PLANNED).count();
    long completedTasks = tasks.stream().filter(t -> t.status() == TaskStatus.COMPLETED).count();
    assertThat(rescheduledTasks + completedTasks).isEqualTo(n);
    for (Task t : tasks) {
      int winner = Integer.parseInt(t.payload().replaceAll("\\D", ""));
      assertThat(t.status()).as("status of %s settled by worker %s", t.subject(), winner)
          .isEqualTo(winner % 2 == 0 ? TaskStatus.COMPLETED : TaskStatus.PLANNED);
    }
    QueueStats stats = stats(queue);
    assertThat(stats.processed()).isEqualTo(n);
    assertThat(stats.rescheduled()).isEqualTo(rescheduledTasks);
    assertCountersAgreeWithRows(queue);
  }

  /**
   * Settles, trying again when the storage reports a transient failure (such as a deadlock between
   * settlers of overlapping batches, which real workers never are): such a call took no effect.
   */
  private SettleResult settleRetryingTransient(String queue, List<Outcome> outcomes) {
    return retryingTransient(() -> settle(queue, outcomes));
  }

  /** Runs a call again while it fails transiently (it then took no effect), as the runtime does. */
  private static <T> T retryingTransient(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StorageException e) {
        if (!e.isTransient() || attempt == 10) {
          throw e;
        }
      }
    }
  }

  @Test
  void aMixedLoadKeepsEveryCounterExact() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    AtomicLong pushedAdded = new AtomicLong();
    AtomicLong picked = new AtomicLong();
    Map<Outcome.Kind, AtomicLong> applied = new ConcurrentHashMap<>();
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      applied.put(kind, new AtomicLong());
    }
    AtomicLong killsWithMessage = new AtomicLong();
    AtomicLong orphaned = new AtomicLong();
    long stopAt = System.nanoTime() + Duration.ofMillis(2500).toNanos();

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      Random random = new Random(worker);
      int sequence = 0;
      while (System.nanoTime() < stopAt) {
        switch (worker) {
          case 0, 1 -> { // pushers: new subjects, some due later, some already pushed
            List<NewTask> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              String subject = "p" + worker + "-" + (random.nextInt(5) == 0 && sequence > 0 ? random.nextInt(sequence) : sequence++);
              batch.add(random.nextBoolean() ? NewTask.of(subject) : NewTask.of(subject).in(Duration.ofMillis(30)));
            }
            pushedAdded.addAndGet(push(queue, batch).count());
          }
          case 2, 3, 4 -> { // workers: settle everything they pick, in every way
            List<Task> batch = pick(queue, 25);
            picked.addAndGet(batch.size());
            if (batch.isEmpty()) {
              Thread.yield();
              continue;
            }
            List<Outcome> outcomes = new ArrayList<>();
            int messages = 0;
            for (Task t : batch) {
              Lease lease = Lease.of(t);
              int dice = random.nextInt(20);
              Outcome outcome;
              if (dice < 6) {
                outcome = Outcome.complete(lease);
              } else if (dice < 9) {
                outcome = Outcome.reschedule(lease, Duration.ofMillis(random.nextInt(2) * 30));
              } else if (dice < 13) {
                outcome = Outcome.reject(lease, "boom", "{\"dice\":" + dice + "}", Duration.ZERO);
              } else if (dice < 14) {
                outcome = Outcome.kill(lease, "fatal", null);
                messages++;
              } else if (dice < 15) {
                outcome = Outcome.kill(lease);
              } else if (dice < 17) {
                outcome = Outcome.drop(lease);
              } else {
                outcome = Outcome.release(lease);
              }
              outcomes.add(outcome);
            }
            SettleResult result = settle(queue, outcomes);
            assertThat(result.stale()).as("stale leases of tasks held with a long lock").isEmpty();
            assertThat(result.applied()).isEqualTo(outcomes.size());
            outcomes.forEach(o -> applied.get(o.kind()).incrementAndGet());
            killsWithMessage.addAndGet(messages);
          }
          case 5 -> { // a worker that dies: picks with a short lock and never settles
            picked.addAndGet(pick(queue, 3, Duration.ofMillis(40)).size());
            Thread.yield();
          }
          default -> { // maintenance in two JVMs
            MaintenanceResult r = storage.maintain(MaintenanceRequest.all(queue, 50));
            orphaned.addAndGet(r.recovered() + r.killed());
          }
        }
      }
    });

    QueueStats stats = stats(queue);
    long processed = applied.get(Outcome.Kind.COMPLETE).get() + applied.get(Outcome.Kind.RESCHEDULE).get()
        + applied.get(Outcome.Kind.REJECT).get() + applied.get(Outcome.Kind.KILL).get()
        + applied.get(Outcome.Kind.DROP).get();
    assertThat(processed).as("the load settled something").isPositive();
    assertThat(stats.pushed()).as("pushed").isEqualTo(pushedAdded.get());
    assertThat(stats.total()).as("total = pushed - dropped").isEqualTo(pushedAdded.get() - applied.get(Outcome.Kind.DROP).get());
    assertThat(stats.picked()).as("picked").isEqualTo(picked.get());
    assertThat(stats.processed()).as("processed").isEqualTo(processed);
    assertThat(stats.rescheduled()).as("rescheduled").isEqualTo(applied.get(Outcome.Kind.RESCHEDULE).get());
    assertThat(stats.rejected()).as("rejected").isEqualTo(applied.get(Outcome.Kind.REJECT).get());
    assertThat(stats.orphaned()).as("orphaned").isEqualTo(orphaned.get());
    assertThat(stats.errors()).as("errors = rejects + kills with a message + orphans")
        .isEqualTo(applied.get(Outcome.Kind.REJECT).get() + killsWithMessage.get() + orphaned.get());
    // one read returns at most Limits.MAX_BATCH entries, which a fast backend's load may pass
    assertThat(errors(queue)).as("error log entries (as many as one read returns)")
        .hasSize((int) Math.min(stats.errors(), Limits.MAX_BATCH));
    assertThat(stats.picked()).as("every run started ended once, or is still held")
        .isEqualTo(processed + applied.get(Outcome.Kind.RELEASE).get() + stats.orphaned() + stats.active());
    assertCountersAgreeWithRows(queue);
  }

  /**
   * Truncating while workers push, pick, settle and maintain: the status counters still equal the
   * rows. The SPI lets a call fail transiently (deadlock) and take no effect, so this test retries
   * such calls as the runtime does; what it checks is that nothing is counted wrong.
   */
  @Test
  void countersAgreeWithRowsWhenTruncatedUnderLoad() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(2));
    AtomicInteger truncations = new AtomicInteger();
    long stopAt = System.nanoTime() + Duration.ofMillis(1500).toNanos();

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      Random random = new Random(worker);
      int sequence = 0;
      long nextTruncate = System.nanoTime() + Duration.ofMillis(300).toNanos();
      while (System.nanoTime() < stopAt) {
        switch (worker) {
          case 0, 1, 2 -> {
            List<NewTask> batch = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
              String subject = "w" + worker + "-" + sequence++;
              batch.add(random.nextInt(3) == 0 ? NewTask.of(subject).in(Duration.ofMillis(20)) : NewTask.of(subject));
            }
            retryingTransient(() -> push(queue, batch));
          }
          case 3, 4, 5 -> {
            List<Task> batch = retryingTransient(() -> pick(queue, 20, Duration.ofMillis(worker == 5 ? 30 : 60_000)));
            if (worker != 5 && !batch.isEmpty()) {
              List<Outcome> outcomes = batch.stream().map(t -> random.nextBoolean()
                  ? Outcome.complete(Lease.of(t))
                  : Outcome.reject(Lease.of(t), "again", null, Duration.ZERO)).toList();
              retryingTransient(() -> settle(queue, outcomes));
            }
          }
          case 6 -> retryingTransient(() -> storage.maintain(MaintenanceRequest.all(queue, 100)));
          default -> {
            if (System.nanoTime() >= nextTruncate) {
              retryingTransient(() -> storage.truncateQueue(queue));
              truncations.incrementAndGet();
              nextTruncate = System.nanoTime() + Duration.ofMillis(300).toNanos();
            } else {
              stats(queue);
            }
          }
        }
      }
    });

    assertThat(truncations.get()).isPositive();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void countersAgreeWithRowsWhileWorkersAndMaintenanceRunTogether() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(2));
    pushMany(queue, "t", 1500);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    long stopAt = System.nanoTime() + Duration.ofMillis(1500).toNanos();

    Concurrently.run(THREADS, TIMEOUT, worker -> {
      while (System.nanoTime() < stopAt) {
        if (worker == 0) {
          storage.maintain(MaintenanceRequest.all(queue, 100));
          continue;
        }
        List<Task> batch = pick(queue, 30, Duration.ofMillis(worker % 3 == 0 ? 30 : 60_000));
        batch.forEach(t -> seen.add(t.subject()));
        if (worker % 3 != 0 && !batch.isEmpty()) {
          settle(queue, batch.stream().map(t -> Outcome.reject(Lease.of(t), "again", null, Duration.ZERO)).toList());
        }
      }
    });

    assertThat(seen).isNotEmpty();
    assertCountersAgreeWithRows(queue);
  }
}
