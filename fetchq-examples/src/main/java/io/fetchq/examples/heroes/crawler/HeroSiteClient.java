package io.fetchq.examples.heroes.crawler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Reads hero profiles from the site with the JDK's HTTP client; one per crawler process, shared by its handler threads. */
public final class HeroSiteClient {
  private final HttpClient http;
  private final URI site;
  private final String crawler;
  private final Duration timeout;

  /**
   * A client of the site at {@code site} that calls itself {@code crawler} (in the {@code X-Crawler}
   * header) and gives up on a request after {@code timeout}.
   */
  public HeroSiteClient(URI site, String crawler, Duration timeout) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    this.site = site;
    this.crawler = crawler;
    this.timeout = timeout;
  }

  /**
   * Fetches and reads {@code hero}'s profile.
   *
   * @throws ProfileGoneException when the site answers 404
   * @throws SiteUnavailableException when it answers 5xx or not within the timeout
   */
  public Profile fetch(String hero)
      throws ProfileGoneException, SiteUnavailableException, IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(site.resolve("/heroes/" + hero))
        .timeout(timeout)
        .header("X-Crawler", crawler)
        .GET()
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new SiteUnavailableException("no answer for /heroes/" + hero + " within " + timeout.toMillis() + " ms");
    }
    return switch (response.statusCode()) {
      case 200 -> Profile.parse(hero, response.body());
      case 404 -> throw new ProfileGoneException(hero);
      default -> throw new SiteUnavailableException("/heroes/" + hero + " answered " + response.statusCode());
    };
  }
}
