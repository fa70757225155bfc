package io.fetchq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fetchq dashboard} serves the dashboard from the packaged jar until it is stopped. */
class DashboardCommandIT {
  private static TestSchema db;

  @BeforeAll
  static void schema() {
    db = new TestSchema("cli_dashboard");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void servesTheDashboardOnTheGivenPortUntilStopped() throws Exception {
    String queue = db.newQueue("dash");
    db.fetchq.queue(queue).push(NewTask.of("thor"));
    Process process = db.cli.start("dashboard", "--port", "0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("the first line names the address").isNotNull().contains("read-only");
      Matcher url = Pattern.compile("(http://\\S+/)").matcher(line);
      assertThat(url.find()).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Fetchq dashboard");
      HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "api/overview")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(overview.body()).contains("\"name\":\"" + queue + "\"");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }

  @Test
  void refusesToListenOutsideLoopbackWithoutAToken() {
    Cli.Run run = db.cli.run("dashboard", "--host", "0.0.0.0", "--port", "0");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr()).contains("not a loopback address");
  }
}
