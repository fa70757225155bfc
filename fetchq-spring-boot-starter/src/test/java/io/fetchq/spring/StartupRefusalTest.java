package io.fetchq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.core.ConfigurationException;
import io.fetchq.core.Fetchq;
import io.fetchq.tck.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * A bad {@code fetchq.*} value or an unknown {@code fetchq.*} key stops the application from
 * starting, with the key, the rule and where it was written; the starter's own keys pass.
 */
class StartupRefusalTest {
  static final String SCHEMA = TestDatabase.newSchemaName("spring_refusal");

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  private static SpringApplicationBuilder app(String... args) {
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties(StarterTestSupport.properties(SCHEMA))
        .logStartupInfo(false);
  }

  private static ConfigurationException refusal(Throwable startFailure) {
    Throwable cause = startFailure;
    while (cause != null && !(cause instanceof ConfigurationException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("a ConfigurationException in %s", NestedExceptionUtils.getMostSpecificCause(startFailure))
        .isNotNull();
    return (ConfigurationException) cause;
  }

  @Test
  void refusesBadValuesAndUnknownKeysFromAProfilesFileNamingKeyRuleAndFile() {
    assertThatThrownBy(() -> app().profiles("refused").run())
        .satisfies(failure -> assertThat(refusal(failure).problems()).satisfiesExactlyInAnyOrder(
            line -> assertThat(line).startsWith("fetchq.worker.batch: must be between 1 and 50000; was 0 (Spring property"
                + " fetchq.worker.batch (class path resource [application-refused.properties]"),
            line -> assertThat(line).startsWith("fetchq.wroker.concurrency: not a Fetchq setting; did you mean"
                + " fetchq.worker.concurrency? (Spring property fetchq.wroker.concurrency (class path resource"
                + " [application-refused.properties]"),
            line -> assertThat(line).startsWith("fetchq.queue.max-attempts: must be between 1 and 1000000; was 0"
                + " (Spring property fetchq.queues.orders.max-attempts (class path resource"
                + " [application-refused.properties]")));
  }

  @Test
  void refusesAValueThatContradictsAnother() {
    assertThatThrownBy(() -> app().run("--fetchq.worker.idle.min=3s", "--fetchq.worker.idle.max=1s"))
        .satisfies(failure -> assertThat(refusal(failure).problems()).singleElement().asString()
            .startsWith("fetchq.worker.idle.min: must not be greater than fetchq.worker.idle.max (1s, Spring property"
                + " fetchq.worker.idle.max"));
  }

  @Test
  void refusesTheDatabaseKeysBesideTheApplicationsDataSource() {
    assertThatThrownBy(() -> app().run("--fetchq.db.url=jdbc:postgresql://elsewhere/app"))
        .satisfies(failure -> assertThat(refusal(failure).getMessage()).contains(
            "fetchq.db.url: must not be set when the program gives its own DataSource",
            "Spring property fetchq.db.url"));
  }

  @Test
  void refusesTheJvmShutdownHookWhichSpringReplaces() {
    assertThatThrownBy(() -> app().run("--fetchq.shutdown.hook=true"))
        .satisfies(failure -> assertThat(refusal(failure).getMessage())
            .startsWith("fetchq.shutdown.hook: must be false in a Spring application"));
  }

  @Test
  void takesTheGraceFromSpringsShutdownPhaseUnlessFetchqSetsIt() {
    try (ConfigurableApplicationContext context = app().run("--spring.lifecycle.timeout-per-shutdown-phase=3s",
        "--fetchq.spring.enabled=true")) {
      assertThat(context.getBean(io.fetchq.core.FetchqConfig.class).shutdownGrace()).hasSeconds(3);
    }
    try (ConfigurableApplicationContext context = app().run("--spring.lifecycle.timeout-per-shutdown-phase=3s",
        "--fetchq.shutdown.grace=1s")) {
      assertThat(context.getBean(io.fetchq.core.FetchqConfig.class).shutdownGrace()).hasSeconds(1);
    }
  }

  @Test
  void turnsOffWithTheStartersOwnKey() {
    try (ConfigurableApplicationContext context = app().run("--fetchq.spring.enabled=false",
        "--fetchq.no-such-key=1")) {
      assertThat(context.getBeansOfType(Fetchq.class)).isEmpty();
      assertThat(context.getBeansOfType(TransactionalQueues.class)).isEmpty();
    }
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropSchema(SCHEMA);
  }

}
