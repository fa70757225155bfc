package io.fetchq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueInfo;
import io.fetchq.QueueStats;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real headless Chromium against a real PostgreSQL: what the pages show is what
 * the API reports, the actions do what they say (checked through the library), and hostile
 * subjects, payloads and error messages stay text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static String schema;
  private static FetchqConfig config;
  private static Fetchq fetchq;
  private static FetchqDashboard dashboard;
  private static DashboardServer server;
  private static ChromeDriver browser;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    schema = TestDatabase.newSchemaName("dashboard");
    TestDatabase.Info db = TestDatabase.get();
    config = FetchqConfig.defaults().withSchema(schema).withDatabase(db.jdbcUrl(), db.user(), db.password())
        .with("fetchq.maintenance.interval", "100ms")
        .with("fetchq.worker.idle.max", "200ms")
        .with("fetchq.shutdown.grace", "5s");
    fetchq = Fetchq.builder().config(config).build();
    dashboard = FetchqDashboard.builder(fetchq).actions(true).sampleInterval(Duration.ofMillis(500)).build();
    server = dashboard.start(new InetSocketAddress("127.0.0.1", 0));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (fetchq != null) {
      fetchq.close();
    }
    if (schema != null) {
      TestDatabase.dropSchema(schema);
    }
  }

  private static String uniqueQueue(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  private static Queue queue(String name, List<NewTask> tasks) {
    Fetchq.builder().config(config).queue(name).build().close(); // declares the queue
    Queue queue = fetchq.queue(name);
    queue.pushAll(tasks);
    return queue;
  }

  private static List<NewTask> tasks(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> NewTask.of(prefix + "-" + i)).toList();
  }

  private static void open(String fragment) {
    browser.get(server.url() + fragment);
  }

  /** The text of the first element found, or null; the pages redraw every 2 s, so a stale one counts as none. */
  private static String text(By by) {
    try {
      List<WebElement> found = browser.findElements(by);
      return found.isEmpty() ? null : found.get(0).getText();
    } catch (StaleElementReferenceException e) {
      return null;
    }
  }

  private static String attribute(By by, String name) {
    try {
      List<WebElement> found = browser.findElements(by);
      return found.isEmpty() ? null : found.get(0).getAttribute(name);
    } catch (StaleElementReferenceException e) {
      return null;
    }
  }

  private static void click(By by) {
    await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
      browser.findElement(by).click();
      return true;
    });
  }

  private static By count(String queue, TaskStatus status) {
    return By.cssSelector("tr[data-queue='" + queue + "'] a[data-count='" + status + "']");
  }

  @Test
  @Order(1)
  void theOverviewShowsTheCountsTheApiReports() {
    String name = uniqueQueue("heroes");
    Queue q = queue(name, tasks("hero", 5));
    q.push(NewTask.of("later").in(Duration.ofDays(1)));
    q.cancel(List.of("hero-0", "hero-1"), "gone", false);
    QueueStats stats = q.stats();

    open("#/");
    for (TaskStatus status : TaskStatus.values()) {
      await().atMost(WAIT).until(() -> String.valueOf(stats.count(status)).equals(text(count(name, status))));
    }
    assertThat(stats.pending()).isEqualTo(3);
    assertThat(stats.planned()).isEqualTo(1);
    assertThat(stats.killed()).isEqualTo(2);
    assertThat(text(By.cssSelector("tr[data-queue='" + name + "'] [data-paused]"))).isEqualTo("running");
    assertThat(text(By.cssSelector("tr[data-queue='" + name + "'] [data-oldest]"))).isNotEqualTo("—");
  }

  @Test
  @Order(2)
  void searchingBySubjectPrefixFindsTheTask() {
    String name = uniqueQueue("search");
    queue(name, List.of(NewTask.of("alpha-1"), NewTask.of("alpha-2"), NewTask.of("beta-7"), NewTask.of("gamma-3")));
    open("#/queue/" + name);
    await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#tasks tr[data-subject]")).size() == 4);
    WebElement search = browser.findElement(By.id("search"));
    search.sendKeys("beta");
    click(By.cssSelector("#search-form button"));
    await().atMost(WAIT).until(() -> {
      List<WebElement> rows = browser.findElements(By.cssSelector("#tasks tr[data-subject]"));
      return rows.size() == 1 && "beta-7".equals(attribute(By.cssSelector("#tasks tr[data-subject]"), "data-subject"));
    });
    search = browser.findElement(By.id("search"));
    search.clear();
    search.sendKeys("zeta");
    click(By.cssSelector("#search-form button"));
    await().atMost(WAIT).until(() -> String.valueOf(text(By.id("tasks"))).contains("No task whose subject starts with \"zeta\""));
  }

  @Test
  @Order(3)
  void retryOfAKilledTaskInThePageMakesItPending() {
    String name = uniqueQueue("retry");
    Queue q = queue(name, List.of(NewTask.of("loki")));
    q.cancel(List.of("loki"), "mischief", false);
    assertThat(q.get("loki").orElseThrow().status()).isEqualTo(TaskStatus.KILLED);

    open("#/queue/" + name + "?status=KILLED");
    await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector("#tasks tr[data-subject='loki'] a")).isEmpty());
    click(By.cssSelector("#tasks tr[data-subject='loki'] a"));
    await().atMost(WAIT).until(() -> "KILLED".equals(text(By.cssSelector("dd[data-field='status']"))));
    assertThat(text(By.id("history"))).contains("mischief");
    click(By.id("retry"));

    await().atMost(WAIT).until(() -> q.get("loki").orElseThrow().status() == TaskStatus.PENDING);
    await().atMost(WAIT).until(() -> "PENDING".equals(text(By.cssSelector("dd[data-field='status']"))));
  }

  @Test
  @Order(4)
  void pauseInThePageStopsARunningWorker() throws Exception {
    String name = uniqueQueue("pause");
    queue(name, tasks("job", 3000));
    try (Fetchq worker = Fetchq.builder().config(config).queue(name)
        .worker(name, (task, ctx) -> {
          Thread.sleep(5);
          return Action.complete();
        }, w -> w.concurrency(1).batch(1))
        .build()) {
      worker.start();
      Queue q = fetchq.queue(name);
      await().atMost(WAIT).until(() -> q.stats().processed() > 10);

      open("#/queue/" + name);
      await().atMost(WAIT).until(() -> "Pause".equals(text(By.id("pause"))));
      click(By.id("pause"));

      await().atMost(WAIT).until(() -> fetchq.queues().stream().filter(i -> i.name().equals(name)).anyMatch(QueueInfo::paused));
      await().atMost(WAIT).until(() -> "Resume".equals(text(By.id("pause"))));
      // the runs under way when the pause landed settle
      await().atMost(WAIT).until(() -> q.stats().active() == 0);
      long processed = q.stats().processed();
      Thread.sleep(2000);
      assertThat(q.stats().processed()).as("no task processed while paused").isEqualTo(processed);
      assertThat(q.stats().pending()).isPositive();

      click(By.id("pause"));
      await().atMost(WAIT).until(() -> q.stats().processed() > processed);
    }
  }

  @Test
  @Order(5)
  void hostileSubjectsPayloadsAndMessagesAreShownAsText() {
    String name = uniqueQueue("xss");
    String subject = "<script>alert(1)</script>";
    String payload = "{\"html\":\"<img src=x onerror=alert(2)>\"}";
    Queue q = queue(name, List.of(NewTask.of(subject).payload(payload)));
    q.cancel(List.of(subject), "<b id=injected>bold</b><img src=x onerror=alert(3)>", false);

    open("#/queue/" + name);
    await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#tasks tr[data-subject] a")).size() == 1);
    await().atMost(WAIT).until(() -> subject.equals(text(By.cssSelector("#tasks tr[data-subject] a"))));
    await().atMost(WAIT).until(() -> String.valueOf(text(By.id("errors"))).contains("<b id=injected>bold</b>"));

    click(By.cssSelector("#tasks tr[data-subject] a"));
    await().atMost(WAIT).until(() -> subject.equals(text(By.id("task-subject"))));
    await().atMost(WAIT).until(() -> String.valueOf(text(By.id("payload"))).contains("<img src=x onerror=alert(2)>"));
    await().atMost(WAIT).until(() -> String.valueOf(text(By.id("history"))).contains("<b id=injected>bold</b>"));
    assertThat(browser.findElements(By.tagName("img"))).as("no injected image").isEmpty();
    assertThat(browser.findElements(By.id("injected"))).as("no injected element").isEmpty();
    assertThat(browser.findElements(By.cssSelector("main script"))).isEmpty();
    assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
  }

  @Test
  @Order(6)
  void actionsWithoutTheirSettingOrWithoutTheCsrfTokenAreRefused() throws Exception {
    String name = uniqueQueue("refused");
    queue(name, tasks("t", 2));
    // the read-only dashboard: no buttons, and a direct POST with a valid token is refused
    try (FetchqDashboard readOnly = FetchqDashboard.builder(fetchq).build();
        DashboardServer other = readOnly.start(new InetSocketAddress("127.0.0.1", 0))) {
      browser.get(other.url() + "#/queue/" + name);
      await().atMost(WAIT).until(() -> String.valueOf(text(By.id("queue-actions"))).contains("Read-only"));
      assertThat(browser.findElements(By.id("pause"))).isEmpty();
      HttpResponse<String> refused = post(other, "pause", "{\"queue\":\"" + name + "\"}", csrf(other), true);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("actions are disabled");
    }
    String body = "{\"queue\":\"" + name + "\"}";
    assertThat(post(server, "pause", body, null, true).statusCode()).as("no CSRF token").isEqualTo(403);
    assertThat(post(server, "pause", body, "wrong", true).statusCode()).as("wrong CSRF token").isEqualTo(403);
    assertThat(post(server, "pause", body, csrf(server), false).statusCode()).as("no Origin").isEqualTo(403);
    assertThat(fetchq.queues().stream().filter(i -> i.name().equals(name)).anyMatch(QueueInfo::paused)).isFalse();
    HttpResponse<String> done = post(server, "pause", body, csrf(server), true);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(fetchq.queues().stream().filter(i -> i.name().equals(name)).anyMatch(QueueInfo::paused)).isTrue();
    fetchq.resume(name);
  }

  @Test
  @Order(7)
  void startingOpenOnANonLoopbackAddressIsRefused() {
    try (FetchqDashboard open = FetchqDashboard.builder(fetchq).build()) {
      assertThatThrownBy(() -> open.start(new InetSocketAddress("0.0.0.0", 0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not a loopback address")
          .hasMessageContaining("credentials");
    }
    try (FetchqDashboard guarded = FetchqDashboard.builder(fetchq).token("a-long-enough-secret-token").build();
        DashboardServer started = guarded.start(new InetSocketAddress("0.0.0.0", 0))) {
      assertThat(started.address().getPort()).isPositive();
    }
  }

  @Test
  @Order(8)
  void aLiveChartMovesWhileAWorkerDrainsAndTheOverviewIsSaved() throws Exception {
    String name = uniqueQueue("drain");
    queue(name, tasks("crawl", 3000));
    try (Fetchq worker = Fetchq.builder().config(config).queue(name)
        .worker(name, (task, ctx) -> {
          Thread.sleep(2);
          if (task.subject().endsWith("7")) {
            return Action.reject("site answered 503");
          }
          return Action.complete();
        }, w -> w.concurrency(2).batch(10))
        .build()) {
      open("#/");
      By rate = By.cssSelector("tr[data-queue='" + name + "'] [data-rate='processed']");
      await().atMost(WAIT).until(() -> "0.00/s".equals(text(rate)));
      worker.start();
      await().atMost(WAIT).until(() -> {
        String value = text(rate);
        return value != null && Double.parseDouble(value.replace("/s", "")) > 0;
      });
      By points = By.cssSelector("tr[data-queue='" + name + "'] [data-chart='processed'] polyline");
      await().atMost(WAIT).until(() -> attribute(points, "points") != null);
      String before = attribute(points, "points");
      await().atMost(WAIT).until(() -> {
        String now = attribute(points, "points");
        return now != null && !now.equals(before);
      });
      // one more sample, for a chart worth a look
      By chart = By.cssSelector("tr[data-queue='" + name + "'] [data-chart='processed']");
      int samples = Integer.parseInt(attribute(chart, "data-points"));
      await().atMost(WAIT).until(() -> {
        String now = attribute(chart, "data-points");
        return now != null && Integer.parseInt(now) > samples;
      });
      Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
      Path target = Path.of("target", "dashboard-overview.png");
      Files.createDirectories(target.getParent());
      Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(target)).isPositive();
    }
  }

  static String csrf(DashboardServer on) throws Exception {
    String page = http.send(HttpRequest.newBuilder(URI.create(on.url())).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("name=\"fetchq-csrf\" content=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as("the page carries the CSRF token").isTrue();
    return m.group(1);
  }

  static HttpResponse<String> post(DashboardServer on, String action, String body, String csrf, boolean origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(on.url() + "api/" + action))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (csrf != null) {
      request.header(DashboardHandler.CSRF_HEADER, csrf);
    }
    if (origin) {
      request.header("Origin", on.url().substring(0, on.url().length() - 1));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
