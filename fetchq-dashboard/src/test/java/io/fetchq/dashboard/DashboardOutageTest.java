package io.fetchq.dashboard;

import io.fetchq.tck.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.core.ResilienceSettings;
import io.fetchq.tck.TestDatabase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A database that goes away: the API answers 503 with the library's message, the page shows it as
 * a message (never a blank page) and recovers by itself when the database is back.
 */
class DashboardOutageTest {
  static final String SCHEMA = TestDatabase.newSchemaName("dashboard_outage");

  @AfterAll
  static void drop() {
    TestDatabase.dropSchema(SCHEMA);
  }

  @Test
  void aDatabaseThatIsDownIsAMessageAndThePageRecovers() throws Exception {
    TestDatabase.Info db = TestDatabase.get();
    URI target = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    HttpClient http = HttpClient.newHttpClient();
    try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort()).start();
        Fetchq fetchq = Fetchq.builder()
            .config(FetchqConfig.defaults().withSchema(SCHEMA).withDatabase(
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getRawPath()
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()),
                db.user(), db.password()))
            .resilience(ResilienceSettings.defaults().maxAttempts(1))
            .queue("outage_heroes")
            .build();
        FetchqDashboard dashboard = FetchqDashboard.builder(fetchq).build();
        DashboardServer server = dashboard.start(new InetSocketAddress("127.0.0.1", 0))) {
      URI overview = URI.create(server.url() + "api/overview");
      assertThat(http.send(HttpRequest.newBuilder(overview).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      ChromeDriver browser = Browser.start();
      try {
        browser.get(server.url());
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.cssSelector("tr[data-queue='outage_heroes']")).isEmpty());

        proxy.stop();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
          HttpResponse<String> down = http.send(HttpRequest.newBuilder(overview).build(), HttpResponse.BodyHandlers.ofString());
          return down.statusCode() == 503 && down.body().contains("the database is unavailable");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          String message = browser.findElement(By.id("message")).getText();
          return message.contains("the database is unavailable");
        });
        assertThat(browser.findElements(By.cssSelector("tr[data-queue='outage_heroes']"))).as("the last data stays").isNotEmpty();

        proxy.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> browser.findElement(By.id("message")).getText().isEmpty());
      } finally {
        browser.quit();
      }
    }
  }
}
