package io.fetchq.examples.spring;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the example shows, checked against the running service through its REST endpoint: orders
 * posted are confirmed by the worker bean; the order refused after its task was pushed leaves
 * neither its row nor its task, because the push joined the request's transaction; the health
 * endpoint reports Fetchq UP.
 */
public final class SelfCheck {
  private final ConfigurableApplicationContext context;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final List<String> failures = new ArrayList<>();

  public SelfCheck(ConfigurableApplicationContext context, PrintStream out) {
    this.context = context;
    this.out = out;
    this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  /** Runs the check; true when every part held. */
  public boolean run() throws java.io.IOException {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> placed = List.of("order-" + run + "-1", "order-" + run + "-2", "order-" + run + "-3");
    String refused = "order-" + run + "-4";
    for (String id : placed) {
      expect(post(id, "12.50"), 201, "POST " + id);
    }
    expect(post(refused, "5000"), 422, "POST " + refused + " (over the credit limit, refused after the push)");

    Fetchq fetchq = context.getBean(Fetchq.class);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline) && !placed.stream().allMatch(id -> "confirmed".equals(status(id)))) {
      sleep(100);
    }
    for (String id : placed) {
      check("confirmed".equals(status(id)), id + " confirmed by the worker bean");
      Optional<Task> task = fetchq.queue(OrderService.QUEUE).get(id);
      check(task.map(Task::status).orElse(null) == TaskStatus.COMPLETED, id + "'s task COMPLETED");
    }
    check("none".equals(status(refused)), refused + " has no order row (rolled back)");
    check(fetchq.queue(OrderService.QUEUE).get(refused).isEmpty(), refused + " has no task (rolled back with the order)");
    String health = get("/actuator/health/fetchq");
    check(health.contains("\"status\":\"UP\""), "/actuator/health/fetchq is UP: " + health);

    if (failures.isEmpty()) {
      out.println("CHECK PASSED: " + placed.size() + " orders confirmed, the refused order left neither row nor task");
      return true;
    }
    out.println("CHECK FAILED: " + String.join("; ", failures));
    return false;
  }

  private int post(String id, String total) {
    String body = "{\"id\":\"" + id + "\",\"customer\":\"ada\",\"total\":" + total + "}";
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String status(String id) {
    String body = get("/orders/" + id);
    return body.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1");
  }

  private String get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void expect(int status, int wanted, String what) {
    check(status == wanted, what + ": HTTP " + status + (status == wanted ? "" : ", wanted " + wanted));
  }

  private void check(boolean held, String what) {
    out.println((held ? "  ok    " : "  FAIL  ") + what);
    if (!held) {
      failures.add(what);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
