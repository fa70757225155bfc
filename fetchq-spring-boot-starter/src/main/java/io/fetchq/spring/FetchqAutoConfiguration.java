package io.fetchq.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.PayloadCodec;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.core.WorkerObserver;
import io.fetchq.jackson.JacksonPayloadCodec;
import io.fetchq.observability.FetchqMetrics;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The Fetchq client of a Spring Boot application. It reads {@code fetchq.*} from the environment
 * (checked by the library's rules: an unknown key or a bad value fails the start with the key, the
 * rule and where it was written), builds one {@link Fetchq} on the application's {@code
 * DataSource} (no pool of its own; without a {@code DataSource} bean, on {@code fetchq.db.url})
 * with the application's Jackson 2 {@code ObjectMapper} for typed payloads when there is one,
 * registers the queues of {@code fetchq.queues.*} and the {@link FetchqWorker} beans, starts it
 * with the context and closes it gracefully when the context stops. Beside it: {@link
 * TransactionalQueues} for pushes inside {@code @Transactional} methods, a health indicator
 * {@code fetchq} when Actuator's health is on the class path, and the meters of {@code
 * fetchq-observability} when Micrometer is. A {@link Fetchq} bean of the application's own
 * replaces the client, its lifecycle and its meters (it is the application's to start and close);
 * {@code fetchq.spring.enabled=false} turns all of it off.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
    "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(name = FetchqEnvironment.ENABLED, havingValue = "true", matchIfMissing = true)
public class FetchqAutoConfiguration {

  /** Made by Spring Boot from the auto-configuration imports; not for applications. */
  public FetchqAutoConfiguration() {}

  @Bean
  FetchqEnvironment fetchqEnvironment(ConfigurableEnvironment environment) {
    return FetchqEnvironment.read(environment);
  }

  @Bean
  @ConditionalOnMissingBean
  FetchqConfig fetchqConfig(FetchqEnvironment environment) {
    return environment.config();
  }

  @Bean
  @ConditionalOnMissingBean
  TransactionalQueues transactionalQueues(Fetchq fetchq, ObjectProvider<DataSource> dataSource) {
    return new TransactionalQueues(fetchq, dataSource.getIfUnique());
  }

  /**
   * The dashboard (module fetchq-dashboard, an optional dependency) at {@code /fetchq} of a servlet
   * web application when {@code fetchq.dashboard.enabled=true}; read-only unless {@code
   * fetchq.dashboard.actions=true}. The application's own security protects it like any other path.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.fetchq.dashboard.FetchqDashboard", "jakarta.servlet.http.HttpServlet"})
  @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
      type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnProperty(name = FetchqEnvironment.DASHBOARD_ENABLED, havingValue = "true")
  static class DashboardConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    io.fetchq.dashboard.FetchqDashboard fetchqDashboard(Fetchq fetchq, ConfigurableEnvironment environment) {
      return io.fetchq.dashboard.FetchqDashboard.builder(fetchq)
          .actions(environment.getProperty(FetchqEnvironment.DASHBOARD_ACTIONS, Boolean.class, false))
          .build();
    }

    @Bean
    org.springframework.boot.web.servlet.ServletRegistrationBean<DashboardServlet> fetchqDashboardServlet(
        io.fetchq.dashboard.FetchqDashboard dashboard) {
      var registration = new org.springframework.boot.web.servlet.ServletRegistrationBean<>(
          new DashboardServlet(dashboard.handler()), "/fetchq/*");
      registration.setName("fetchqDashboard");
      return registration;
    }
  }

  /** The client, its lifecycle and its meters, unless the application has its own client. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(Fetchq.class)
  static class ClientConfiguration {

    /** The meters, bound by Spring Boot to the application's registry (they are a MeterBinder). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {
      @Bean
      @ConditionalOnMissingBean
      FetchqMetrics fetchqMetrics() {
        return FetchqMetrics.create();
      }
    }

    @Bean(destroyMethod = "close")
    Fetchq fetchq(
        FetchqConfig config,
        FetchqEnvironment environment,
        ObjectProvider<DataSource> dataSource,
        ObjectProvider<PayloadCodec> codec,
        ObjectProvider<ObjectMapper> objectMapper,
        ObjectProvider<WorkerObserver> observers,
        ObjectProvider<FetchqBuilderCustomizer> customizers,
        WorkerBeans workers,
        ConfigurableListableBeanFactory beans) {
      Fetchq.Builder builder = Fetchq.builder().config(config).shutdownHook(false);
      DataSource applicationDataSource = dataSource.getIfUnique();
      if (applicationDataSource != null) {
        builder.dataSource(applicationDataSource);
      }
      PayloadCodec payloadCodec = codec.getIfUnique();
      if (payloadCodec != null) {
        builder.payloadCodec(payloadCodec);
      } else {
        ObjectMapper mapper = objectMapper.getIfUnique();
        if (mapper != null) {
          builder.payloadCodec(new JacksonPayloadCodec(mapper));
        }
      }
      environment.queues().forEach((name, settings) -> builder.queue(name, q -> settings));
      observers.orderedStream().forEach(builder::observe);
      workers.register(beans, builder);
      customizers.orderedStream().forEach(c -> c.customize(builder));
      return builder.build();
    }

    @Bean
    WorkerBeans fetchqWorkerBeans() {
      return new WorkerBeans();
    }

    @Bean
    FetchqLifecycle fetchqLifecycle(Fetchq fetchq, WorkerBeans workers) {
      return new FetchqLifecycle(fetchq, workers);
    }
  }

  /** The health indicator {@code fetchq}, when Actuator's health is there and not turned off. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnEnabledHealthIndicator("fetchq")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "fetchqHealthIndicator")
    FetchqHealthIndicator fetchqHealthIndicator(Fetchq fetchq) {
      return new FetchqHealthIndicator(fetchq);
    }
  }
}
