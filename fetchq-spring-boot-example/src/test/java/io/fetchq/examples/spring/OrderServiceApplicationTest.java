package io.fetchq.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.tck.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The order service passes its own check on the test database, in schemas of its own. */
class OrderServiceApplicationTest {
  static final String FETCHQ = TestDatabase.newSchemaName("spring_example");
  static final String SHOP = TestDatabase.newSchemaName("spring_example_shop");

  @Test
  void passesItsSelfCheck() throws Exception {
    TestDatabase.Info db = TestDatabase.get();
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderServiceApplication.class)
        .properties("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
            "spring.datasource.password=" + (db.password() == null ? "" : db.password()),
            "fetchq.schema=" + FETCHQ, "orders.schema=" + SHOP)
        .run()) {
      assertThat(new SelfCheck(context, System.out).run()).isTrue();
      String port = context.getEnvironment().getProperty("local.server.port");
      java.net.http.HttpResponse<String> overview = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/fetchq/api/overview")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(overview.statusCode()).as("the dashboard at /fetchq").isEqualTo(200);
      assertThat(overview.body()).contains("\"name\":\"confirmations\"");
    }
  }

  @AfterAll
  static void dropSchemas() {
    TestDatabase.dropSchema(FETCHQ);
    TestDatabase.dropSchema(SHOP);
  }
}
