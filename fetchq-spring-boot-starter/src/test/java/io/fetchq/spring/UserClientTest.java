package io.fetchq.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import io.fetchq.core.Fetchq;
import io.fetchq.observability.FetchqMetrics;
import io.fetchq.tck.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An application's own {@link Fetchq} bean replaces the starter's client, lifecycle and meters. */
@SpringBootTest(classes = UserClientTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UserClientTest {
  static final String SCHEMA = TestDatabase.newSchemaName("spring_user_client");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    StarterTestSupport.properties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    StarterTestSupport.SchemaDrop schemaDrop() {
      return new StarterTestSupport.SchemaDrop(SCHEMA);
    }

    @Bean(destroyMethod = "close")
    Fetchq myOwnFetchq() {
      return StarterTestSupport.outsideClient(SCHEMA, "mine");
    }
  }

  @Autowired ApplicationContext context;
  @Autowired Fetchq fetchq;
  @Autowired TransactionalQueues queues;

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnClient() {
    assertThat(context.getBeansOfType(Fetchq.class)).containsOnlyKeys("myOwnFetchq");
    assertThat(context.getBeansOfType(FetchqLifecycle.class)).isEmpty();
    assertThat(context.getBeansOfType(FetchqMetrics.class)).isEmpty();
  }

  @Test
  void theTransactionalQueuesUseTheApplicationsClient() {
    assertThat(queues.queue("mine").push(NewTask.of("t-1"))).isTrue();
    assertThat(fetchq.queue("mine").get("t-1")).isPresent();
  }
}
