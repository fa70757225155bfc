package io.fetchq.examples.heroes.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.TaskStatus;
import io.fetchq.examples.heroes.site.HeroSite;
import io.fetchq.examples.heroes.site.HeroUniverse;
import io.fetchq.examples.heroes.site.SiteBehaviour;
import io.fetchq.test.HandlerRun;
import io.fetchq.test.ManualFetchq;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The hero crawler's handler tested with the test kit ({@code fetchq-test}, the sample of
 * docs/testing.md): no worker threads, no sleeps, no database; the hero site is a real HTTP server.
 */
class HeroCrawlerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static HeroCrawler crawler(HeroSite site) {
    return new HeroCrawler(new HeroSiteClient(site.uri(), "test", TIMEOUT), CrawlCalendar.REAL, "test", new CrawlTally());
  }

  @Test
  void everyHeroIsVisitedOnceAndAgainEverySecondDay() throws Exception {
    HeroUniverse universe = new HeroUniverse(40, 7, 0);
    try (HeroSite site = HeroSite.start(universe, new SiteBehaviour(Duration.ZERO, 0, 0, Duration.ZERO));
        ManualFetchq fetchq = ManualFetchq.create(b -> b.worker(HeroCrawler.QUEUE, crawler(site)))) {
      fetchq.queue(HeroCrawler.QUEUE).push(NewTask.of(universe.name(0)));

      int heroes = fetchq.drain(HeroCrawler.QUEUE); // the first hero, then every ally it links to, and theirs

      assertThat(heroes).isGreaterThan(1);
      assertThat(site.counters().total()).as("profiles fetched").isEqualTo(heroes);
      assertThat(fetchq.tasks(HeroCrawler.QUEUE, TaskStatus.PLANNED)).as("every hero comes back later").hasSize(heroes);
      assertThat(fetchq.advance(Duration.ofDays(1))).isNotNull();
      assertThat(fetchq.drain(HeroCrawler.QUEUE)).as("runs after one day").isZero();
      fetchq.advance(Duration.ofDays(1));
      assertThat(fetchq.drain(HeroCrawler.QUEUE)).as("runs after two days").isEqualTo(heroes);
      assertThat(fetchq.task(HeroCrawler.QUEUE, universe.name(0)).orElseThrow().payload()).contains("\"visits\":2");
    }
  }

  @Test
  void oneRunPushesTheAlliesAndComesBackInTwoDays() throws Exception {
    HeroUniverse universe = new HeroUniverse(40, 7, 0);
    try (HeroSite site = HeroSite.start(universe, new SiteBehaviour(Duration.ZERO, 0, 0, Duration.ZERO));
        ManualFetchq fetchq = ManualFetchq.create(b -> b.queue(HeroCrawler.QUEUE))) {

      Action action = fetchq.handler(crawler(site)).queue(HeroCrawler.QUEUE).run(NewTask.of(universe.name(0)));

      assertThat(action.kind()).isEqualTo(Action.Kind.RESCHEDULE);
      assertThat(action.delay()).isEqualTo(Duration.ofDays(2));
      assertThat(fetchq.tasks(HeroCrawler.QUEUE)).extracting(t -> t.subject())
          .containsExactlyInAnyOrderElementsOf(universe.links(0).stream().map(universe::name).distinct().toList());
    }
  }

  @Test
  void aProfileThatIsGoneEscapesForTheThresholdPolicy() throws Exception {
    HeroUniverse universe = new HeroUniverse(5, 7, 0);
    try (HeroSite site = HeroSite.start(universe, new SiteBehaviour(Duration.ZERO, 0, 0, Duration.ZERO))) {
      HandlerRun run = HandlerRun.of(crawler(site)).queue(HeroCrawler.QUEUE);

      assertThatThrownBy(() -> run.run(NewTask.of("nobody"))).isInstanceOf(ProfileGoneException.class);
    }
  }
}
