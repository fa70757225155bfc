package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.Task;
import io.fetchq.memory.MemoryStorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules on a clock the test moves, over days and daylight-saving changes in minutes of real
 * time: several started clients (real worker and maintenance threads) on one in-memory store run
 * each fire time once and skip none, and fire times missed while every client was down run once at
 * the next start, or not at all when the schedule says skip. The expected fire times come from
 * the zone's rules, not from the schedule code: every day's 02:30 that exists in Rome, the earlier
 * one when it exists twice.
 */
class ScheduleClockTest {
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final String NIGHTLY = "30 2 * * *";

  private final SettableClock clock = new SettableClock();
  private final MemoryStorageProvider store = new MemoryStorageProvider(clock.clock().wall());
  private final List<Fetchq> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(Fetchq::close);
  }

  /** Records the fire time of every run. */
  private static final class Recording implements Handler {
    final List<Instant> fires = new CopyOnWriteArrayList<>();

    @Override
    public Action handle(Task task, io.fetchq.TaskContext context) {
      fires.add(Fetchq.fireTime(task).orElseThrow());
      return Action.complete();
    }
  }

  private Fetchq started(Handler handler, UnaryOperator<ScheduleOptions> options) {
    Fetchq fetchq = Fetchq.builder()
        .config(FetchqConfig.defaults()
            .with("fetchq.storage", MemoryStorageProvider.NAME)
            .with("fetchq.maintenance.interval", "20ms")
            .with("fetchq.worker.idle.max", "50ms"))
        .shutdownHook(false)
        .storage(store)
        .clock(clock.clock())
        .schedule("nightly", NIGHTLY, ROME, handler, options)
        .build();
    clients.add(fetchq);
    fetchq.start();
    return fetchq;
  }

  /** Every day's 02:30 in Rome from {@code first} to {@code last}: none on a day it does not exist, the earlier of two. */
  private static List<Instant> nightly(LocalDate first, LocalDate last) {
    List<Instant> fires = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      LocalDateTime local = LocalDateTime.of(day, LocalTime.of(2, 30));
      List<ZoneOffset> offsets = ROME.getRules().getValidOffsets(local);
      if (!offsets.isEmpty()) {
        fires.add(local.toInstant(offsets.stream().max(java.util.Comparator.comparingInt(ZoneOffset::getTotalSeconds)).orElseThrow()));
      }
    }
    return fires;
  }

  /** Moves the clock to {@code instant} (which must be ahead of it). */
  private void moveTo(Instant instant) {
    clock.advance(Duration.between(clock.clock().now(), instant));
  }

  private boolean plannedAfter(Instant fire) {
    return clients.get(clients.size() - 1).queue(Fetchq.SCHEDULES_QUEUE).get("nightly")
        .filter(t -> t.status() == io.fetchq.TaskStatus.PLANNED && t.nextIteration().isAfter(fire))
        .isPresent();
  }

  /** Moves the clock a second past each fire time in turn and waits for its run and its settle. */
  private void runsThrough(List<Instant> fires, Recording handler) {
    for (Instant fire : fires) {
      moveTo(fire.plusSeconds(1));
      await().atMost(Duration.ofSeconds(30)).until(() -> handler.fires.contains(fire));
      // the run's outcome settled: planned for a later fire time (moving on sooner would ask the
      // schedule to plan from a later "now", and a fire time already past is not run)
      await().atMost(Duration.ofSeconds(30)).until(() -> plannedAfter(fire));
    }
    await().pollDelay(Duration.ofMillis(300)).until(() -> true); // time for a second run of a fire time to show
  }

  @Test
  void threeClientsRunEachFireTimeOnceThroughBothDaylightSavingChanges() {
    Recording handler = new Recording();
    moveTo(LocalDateTime.of(2027, 3, 25, 12, 0).atZone(ROME).toInstant());
    for (int i = 0; i < 3; i++) {
      started(handler, UnaryOperator.identity());
    }
    List<Instant> spring = nightly(LocalDate.of(2027, 3, 26), LocalDate.of(2027, 3, 30));
    assertThat(spring).as("the 28th has no 02:30").hasSize(4);
    runsThrough(spring, handler);
    assertThat(handler.fires).as("fire times run, in order, each once").containsExactlyElementsOf(spring);

    // over the summer in one jump: the one fire time missed runs once, then the autumn nights
    Instant missed = nightly(LocalDate.of(2027, 3, 31), LocalDate.of(2027, 3, 31)).get(0);
    moveTo(LocalDateTime.of(2027, 10, 29, 12, 0).atZone(ROME).toInstant());
    await().atMost(Duration.ofSeconds(30)).until(() -> handler.fires.contains(missed) && plannedAfter(missed));
    handler.fires.clear();
    List<Instant> autumn = nightly(LocalDate.of(2027, 10, 30), LocalDate.of(2027, 11, 1));
    runsThrough(autumn, handler);
    assertThat(handler.fires).as("the 31st's 02:30 twice on the wall, once here").containsExactlyElementsOf(autumn);
  }

  @Test
  void fireTimesMissedWhileEveryClientWasDownRunOnceAtStart() {
    Recording handler = new Recording();
    moveTo(LocalDateTime.of(2027, 5, 10, 12, 0).atZone(ROME).toInstant());
    started(handler, UnaryOperator.identity());
    closeClients();
    clients.clear();
    moveTo(LocalDateTime.of(2027, 5, 14, 12, 0).atZone(ROME).toInstant()); // four nights missed

    started(handler, UnaryOperator.identity());
    started(handler, UnaryOperator.identity());

    Instant firstMissed = nightly(LocalDate.of(2027, 5, 11), LocalDate.of(2027, 5, 11)).get(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> handler.fires.contains(firstMissed) && plannedAfter(firstMissed));
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(handler.fires).as("one run for the missed nights").containsExactly(firstMissed);
    Instant next = nightly(LocalDate.of(2027, 5, 15), LocalDate.of(2027, 5, 15)).get(0);
    runsThrough(List.of(next), handler);
    assertThat(handler.fires).containsExactly(firstMissed, next);
  }

  @Test
  void fireTimesMissedWhileEveryClientWasDownAreSkippedWhenTheScheduleSaysSo() {
    Recording handler = new Recording();
    UnaryOperator<ScheduleOptions> skip = o -> o.missed(ScheduleOptions.Missed.SKIP);
    moveTo(LocalDateTime.of(2027, 5, 10, 12, 0).atZone(ROME).toInstant());
    started(handler, skip);
    closeClients();
    clients.clear();
    moveTo(LocalDateTime.of(2027, 5, 14, 12, 0).atZone(ROME).toInstant());

    started(handler, skip);

    List<Instant> next = nightly(LocalDate.of(2027, 5, 15), LocalDate.of(2027, 5, 16));
    runsThrough(next, handler);
    assertThat(handler.fires).as("no run for the missed nights").containsExactlyElementsOf(next);
  }
}
