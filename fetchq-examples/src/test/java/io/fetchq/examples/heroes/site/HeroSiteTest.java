package io.fetchq.examples.heroes.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HeroSiteTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void countsTwoRequestsForOneHeroAtOnceAsAnOverlap() throws Exception {
    HeroUniverse universe = new HeroUniverse(10, 1, 0);
    try (HeroSite site = HeroSite.start(universe, new SiteBehaviour(Duration.ofMillis(300), 0, 0, Duration.ZERO))) {
      CompletableFuture<HttpResponse<String>> first = get(site, universe.name(3));
      CompletableFuture<HttpResponse<String>> second = get(site, universe.name(3));
      CompletableFuture<HttpResponse<String>> other = get(site, universe.name(4));

      assertThat(first.get().statusCode()).isEqualTo(200);
      assertThat(second.get().statusCode()).isEqualTo(200);
      assertThat(other.get().statusCode()).isEqualTo(200);
      assertThat(site.counters().overlaps()).isEqualTo(1);
      assertThat(site.counters().visits(3)).isEqualTo(2);
      assertThat(get(site, universe.name(3)).get().statusCode()).isEqualTo(200);
      assertThat(site.counters().overlaps()).as("one after the other is fine").isEqualTo(1);
    }
  }

  @Test
  void aMortalHeroAnswers404AfterItsFirstVisit() throws Exception {
    HeroUniverse universe = new HeroUniverse(10, 1, 1.0);
    try (HeroSite site = HeroSite.start(universe, new SiteBehaviour(Duration.ZERO, 0, 0, Duration.ZERO))) {
      HttpResponse<String> page = get(site, universe.name(5)).get();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<h1>" + universe.displayName(5) + "</h1>").contains("/heroes/" + universe.name(1));

      assertThat(get(site, universe.name(5)).get().statusCode()).isEqualTo(404);
      assertThat(site.vanished(5)).isTrue();
      assertThat(site.counters().notFound(5)).isEqualTo(1);
      assertThat(get(site, universe.name(0)).get().statusCode()).as("the first hero never vanishes").isEqualTo(200);
      assertThat(get(site, universe.name(0)).get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void neverFailsOneHeroTwiceInARow() throws Exception {
    HeroUniverse universe = new HeroUniverse(3, 1, 0);
    try (HeroSite site = HeroSite.start(universe, new SiteBehaviour(Duration.ZERO, 0.5, 0, Duration.ZERO))) {
      int previous = 200;
      for (int i = 0; i < 40; i++) {
        int status = get(site, universe.name(1)).get().statusCode();
        assertThat(previous == 500 && status == 500).as("two failures in a row").isFalse();
        previous = status;
      }
      assertThat(site.counters().errors()).isPositive();
    }
  }

  private CompletableFuture<HttpResponse<String>> get(HeroSite site, String hero) {
    URI uri = site.uri().resolve("/heroes/" + hero);
    return http.sendAsync(HttpRequest.newBuilder(uri).header("X-Crawler", "test").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
