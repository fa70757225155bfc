package io.fetchq.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import io.fetchq.core.Fetchq;
import io.fetchq.tck.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code fetchq.dashboard.enabled=true} a servlet web application serves the dashboard at
 * {@code /fetchq}, read-only unless {@code fetchq.dashboard.actions=true}; without it, nothing there.
 */
class DashboardMountTest {
  static final String SCHEMA = TestDatabase.newSchemaName("spring_dashboard");
  private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  @AfterAll
  static void drop() {
    TestDatabase.dropSchema(SCHEMA);
  }

  private static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.SERVLET)
        .properties(StarterTestSupport.properties(SCHEMA))
        .properties("server.port=0", "server.address=127.0.0.1")
        .properties(properties)
        .logStartupInfo(false)
        .run();
  }

  private static HttpResponse<String> send(ConfigurableApplicationContext context, String path, String method) throws Exception {
    String port = context.getEnvironment().getProperty("local.server.port");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (method.equals("POST")) {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"queue\":\"mounted\"}"));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheDashboardAtFetchqWhenEnabled() throws Exception {
    try (Fetchq outside = StarterTestSupport.outsideClient(SCHEMA, "mounted")) {
      outside.queue("mounted").push(NewTask.of("thor"));
    }
    try (ConfigurableApplicationContext context = start("fetchq.dashboard.enabled=true")) {
      HttpResponse<String> bare = send(context, "/fetchq", "GET");
      assertThat(bare.statusCode()).isEqualTo(302);
      assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/fetchq/"));
      HttpResponse<String> page = send(context, "/fetchq/", "GET");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Fetchq dashboard").contains("name=\"fetchq-actions\" content=\"off\"");
      assertThat(send(context, "/fetchq/app.js", "GET").statusCode()).isEqualTo(200);
      HttpResponse<String> overview = send(context, "/fetchq/api/overview", "GET");
      assertThat(overview.statusCode()).isEqualTo(200);
      assertThat(overview.body()).contains("\"name\":\"mounted\"").contains("\"PENDING\":1");
      HttpResponse<String> tasks = send(context, "/fetchq/api/tasks?queue=mounted&limit=0", "GET");
      assertThat(tasks.statusCode()).isEqualTo(400);
      assertThat(send(context, "/fetchq/api/pause", "POST").statusCode()).as("read-only by default").isEqualTo(403);
    }
  }

  @Test
  void servesNothingThereByDefault() throws Exception {
    try (ConfigurableApplicationContext context = start()) {
      assertThat(context.getBeansOfType(io.fetchq.dashboard.FetchqDashboard.class)).isEmpty();
      assertThat(send(context, "/fetchq/", "GET").statusCode()).isEqualTo(404);
    }
  }
}
