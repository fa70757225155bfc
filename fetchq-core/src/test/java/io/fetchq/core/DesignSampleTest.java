package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The sample in DESIGN.md, run for real: a crawler-like handler reschedules itself every second
 * day, pushes the heroes it discovers (each added once however many pages link to it), and rejects
 * a vanished profile until the threshold kills it.
 */
class DesignSampleTest {
  private static final TestFetchq db = new TestFetchq("design_sample");

  /** A tiny universe: who links to whom, and who is gone. */
  private static final Map<String, List<String>> LINKS =
      Map.of(
          "iron-man", List.of("thor", "hulk", "black-widow", "vision"),
          "thor", List.of("loki", "hulk", "iron-man"),
          "hulk", List.of("iron-man", "thor", "she-hulk"),
          "black-widow", List.of("hawkeye", "iron-man"),
          "hawkeye", List.of("black-widow", "thor"),
          "loki", List.of("thor", "vision"),
          "she-hulk", List.of("hulk"));
  private static final Set<String> GONE = Set.of("vision");

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  /** The handler of the design sample, against the tiny universe. */
  static final class ScrapeHero implements Handler {
    final Map<String, AtomicInteger> visits = new ConcurrentHashMap<>();

    @Override
    public Action handle(Task task, TaskContext ctx) {
      visits.computeIfAbsent(task.subject(), s -> new AtomicInteger()).incrementAndGet();
      if (GONE.contains(task.subject())) {
        return Action.reject("profile gone");
      }
      for (String hero : LINKS.getOrDefault(task.subject(), List.of())) {
        ctx.queue("heroes").push(NewTask.of(hero));
      }
      return Action.reschedule(Duration.ofDays(2)).withPayload("{\"visited\":true}");
    }
  }

  @Test
  void crawlsEachHeroOnceAndKillsTheVanishedOneAtTheThreshold() {
    ScrapeHero scraper = new ScrapeHero();
    try (Fetchq fetchq =
        Fetchq.builder()
            .config(db.config())
            .queue("heroes", q -> q.maxAttempts(3).lock(Duration.ofMinutes(1)).retry(RetryPolicy.fixed(Duration.ofMillis(20))))
            .worker("heroes", scraper, w -> w.concurrency(4).batch(5))
            .build()) {
      fetchq.start();
      assertThat(fetchq.queue("heroes").push(NewTask.of("iron-man"))).isTrue();
      assertThat(fetchq.queue("heroes").push(NewTask.of("iron-man"))).isFalse();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                QueueStats stats = fetchq.queue("heroes").stats();
                return stats.total() == 8 && stats.planned() == 7 && stats.killed() == 1;
              });

      QueueStats stats = fetchq.queue("heroes").stats();
      assertThat(stats.pushed()).isEqualTo(8);
      assertThat(stats.rescheduled()).isEqualTo(7);
      assertThat(stats.rejected()).isEqualTo(3);
      assertThat(stats.errors()).isEqualTo(3);
      for (String hero : LINKS.keySet()) {
        assertThat(scraper.visits.get(hero)).as(hero).hasValue(1);
        Task task = fetchq.queue("heroes").get(hero).orElseThrow();
        assertThat(task.status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(task.payload()).isEqualTo("{\"visited\":true}");
        assertThat(task.iterations()).isEqualTo(1);
        assertThat(task.attempts()).isZero();
      }
      assertThat(scraper.visits.get("vision")).hasValue(3);
      Task vision = fetchq.queue("heroes").get("vision").orElseThrow();
      assertThat(vision.status()).isEqualTo(TaskStatus.KILLED);
      assertThat(vision.attempts()).isEqualTo(3);
      assertThat(fetchq.queue("heroes").errors(10))
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.message()).isEqualTo("profile gone"));
    }
  }
}
