package io.fetchq.spring;

import io.fetchq.tck.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.tck.TestDatabase;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator on a database that goes away and comes back: the application's pool reaches
 * PostgreSQL through a TCP proxy that the test stops (every connection cut, the port closed) and
 * starts again.
 */
class HealthOutageTest {
  static final String SCHEMA = TestDatabase.newSchemaName("spring_health");

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  @Test
  void turnsDownWhenTheDatabaseIsUnreachableAndUpWhenItIsBack() throws Exception {
    URI target = URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort()).start();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(StarterTestSupport.properties(SCHEMA,
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getRawPath()
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())))
            .properties("spring.datasource.hikari.connection-timeout=1000",
                "spring.datasource.hikari.validation-timeout=500")
            .logStartupInfo(false)
            .run()) {
      HealthIndicator health = context.getBean("fetchqHealthIndicator", HealthIndicator.class);
      assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

      proxy.stop();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> health.health(true).getStatus().equals(Status.DOWN));

      proxy.start();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> health.health(true).getStatus().equals(Status.UP));
      assertThat(health.health(true).getDetails()).containsEntry("database", "AVAILABLE");
    }
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropSchema(SCHEMA);
  }
}
