package io.fetchq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON API without a browser: input checked with the library's rules, unknown queues, the
 * mount under a context path of the application's own server, and authentication.
 */
class DashboardApiTest {
  private static String schema;
  private static Fetchq fetchq;
  private static HttpServer server;
  private static String base;
  private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    schema = TestDatabase.newSchemaName("dashboard_api");
    TestDatabase.Info db = TestDatabase.get();
    fetchq = Fetchq.builder()
        .config(FetchqConfig.defaults().withSchema(schema).withDatabase(db.jdbcUrl(), db.user(), db.password()))
        .queue("api_heroes")
        .build();
    Queue q = fetchq.queue("api_heroes");
    q.pushAll(List.of(NewTask.of("thor").payload("{\"hammer\":true}"), NewTask.of("odin")));
    q.cancel(List.of("odin"), "asleep", false);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ops/fetchq", FetchqDashboard.builder(fetchq).build().handler());
    server.createContext("/guarded", FetchqDashboard.builder(fetchq).credentials("admin", "s3cret").build().handler());
    server.createContext("/tokened", FetchqDashboard.builder(fetchq).token("0123456789abcdef-token").build().handler());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (fetchq != null) {
      fetchq.close();
    }
    if (schema != null) {
      TestDatabase.dropSchema(schema);
    }
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Api.JSON.readTree(response.body());
  }

  @Test
  void servesThePageAndTheApiUnderAnyContextPath() throws Exception {
    HttpResponse<String> bare = get("/ops/fetchq");
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.headers().firstValue("Location")).hasValue("/ops/fetchq/");
    HttpResponse<String> page = get("/ops/fetchq/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"app.js\"></script>").contains("name=\"fetchq-actions\" content=\"off\"");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    assertThat(get("/ops/fetchq/app.js").statusCode()).isEqualTo(200);
    assertThat(get("/ops/fetchq/nothing-here").statusCode()).isEqualTo(404);

    JsonNode overview = json(get("/ops/fetchq/api/overview"));
    JsonNode heroes = null;
    for (JsonNode q : overview.get("queues")) {
      if (q.get("name").asText().equals("api_heroes")) {
        heroes = q;
      }
    }
    assertThat(heroes).isNotNull();
    assertThat(heroes.get("counts").get("PENDING").asLong()).isEqualTo(1);
    assertThat(heroes.get("counts").get("KILLED").asLong()).isEqualTo(1);
    assertThat(heroes.get("paused").asBoolean()).isFalse();

    JsonNode task = json(get("/ops/fetchq/api/task?queue=api_heroes&subject=odin"));
    assertThat(task.get("task").get("status").asText()).isEqualTo("KILLED");
    assertThat(task.get("errors").get(0).get("message").asText()).contains("asleep");

    JsonNode killed = json(get("/ops/fetchq/api/tasks?queue=api_heroes&status=KILLED&limit=10"));
    assertThat(killed.get("tasks")).hasSize(1);
    JsonNode found = json(get("/ops/fetchq/api/tasks?queue=api_heroes&prefix=th"));
    assertThat(found.get("tasks").get(0).get("subject").asText()).isEqualTo("thor");
  }

  @Test
  void everyInputIsCheckedLikeTheLibraryChecksIt() throws Exception {
    assertBadRequest("/ops/fetchq/api/tasks?queue=api_heroes&status=LOST", "status");
    assertBadRequest("/ops/fetchq/api/tasks?queue=api_heroes&limit=5000", "limit");
    assertBadRequest("/ops/fetchq/api/tasks?queue=api_heroes&limit=ten", "limit");
    assertBadRequest("/ops/fetchq/api/tasks?queue=api_heroes&order=sideways", "order");
    assertBadRequest("/ops/fetchq/api/tasks?queue=bad%20name!", "queue");
    assertBadRequest("/ops/fetchq/api/errors?queue=api_heroes&limit=0", "limit");
    assertBadRequest("/ops/fetchq/api/task?queue=api_heroes&subject=", "subject");
    assertBadRequest("/ops/fetchq/api/tasks?queue=api_heroes&prefix=" + URLEncoder.encode("a\u0000b", StandardCharsets.UTF_8), "subjectPrefix");

    HttpResponse<String> unknown = get("/ops/fetchq/api/queue?queue=no_such_queue");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("error").asText()).contains("no_such_queue");
    assertThat(get("/ops/fetchq/api/task?queue=api_heroes&subject=nobody").statusCode()).isEqualTo(404);
    assertThat(get("/ops/fetchq/api/pause?queue=api_heroes").statusCode()).as("an action by GET").isEqualTo(405);
  }

  private static void assertBadRequest(String path, String field) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(json(response).get("field").asText()).as(path).isEqualTo(field);
    assertThat(json(response).get("error").asText()).as(path).startsWith(field + ": ");
  }

  @Test
  void credentialsOrTheTokenAreAskedOnEveryRequest() throws Exception {
    assertThat(get("/guarded/").statusCode()).isEqualTo(401);
    assertThat(get("/guarded/").headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
    assertThat(get("/guarded/api/overview", "Authorization", basic("admin", "wrong")).statusCode()).isEqualTo(401);
    assertThat(get("/guarded/api/overview", "Authorization", basic("root", "s3cret")).statusCode()).isEqualTo(401);
    assertThat(get("/guarded/api/overview", "Authorization", basic("admin", "s3cret")).statusCode()).isEqualTo(200);

    assertThat(get("/tokened/api/overview").statusCode()).isEqualTo(401);
    assertThat(get("/tokened/api/overview", "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
    assertThat(get("/tokened/api/overview", "Authorization", "Bearer 0123456789abcdef-token").statusCode()).isEqualTo(200);
    assertThat(get("/tokened/api/overview", "Authorization", basic("anyone", "0123456789abcdef-token")).statusCode()).isEqualTo(200);

    assertThatThrownBy(() -> FetchqDashboard.builder(fetchq).token("short")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FetchqDashboard.builder(fetchq).credentials("a:b", "pw")).isInstanceOf(InvalidArgumentException.class);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
