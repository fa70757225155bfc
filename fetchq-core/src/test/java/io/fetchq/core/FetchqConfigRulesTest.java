package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fetchq.QueueOptions;
import io.fetchq.RetryPolicy;
import io.fetchq.spi.SchemaMode;
import io.fetchq.spi.StorageSettings;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each key's rule, the keys that must agree, the withers and what the runtime builds from the config. */
class FetchqConfigRulesTest {

  /** A value each key refuses, and the rule the message must state. */
  static Stream<Arguments> refused() {
    return Stream.of(
        arguments("fetchq.storage", "Postgres", "must be a lower-case backend name such as postgres"),
        arguments("fetchq.storage", "", "must be a lower-case backend name"),
        arguments("fetchq.db.url", "postgresql://db/app", "must start with jdbc:postgresql:"),
        arguments("fetchq.db.url", "jdbc:mysql://db/app", "must start with jdbc:postgresql:"),
        arguments("fetchq.db.url", "jdbc:postgresql://db/my app", "must not contain spaces"),
        arguments("fetchq.db.user", " ", "must not be blank"),
        arguments("fetchq.db.pool-size", "0", "must be between 1 and 1000; was 0"),
        arguments("fetchq.db.pool-size", "1001", "must be between 1 and 1000; was 1001"),
        arguments("fetchq.db.pool-size", "ten", "must be a whole number between 1 and 1000; was ten"),
        arguments("fetchq.schema", "Fetchq", "must be a lower-case schema name of up to 63 characters"),
        arguments("fetchq.schema", "a".repeat(64), "must be a lower-case schema name"),
        arguments("fetchq.schema", "1st", "[a-z_][a-z0-9_]{0,62}"),
        arguments("fetchq.schema.mode", "create", "must be migrate, validate or none; was create"),
        arguments("fetchq.queue.max-attempts", "0", "must be between 1 and 1000000; was 0"),
        arguments("fetchq.queue.max-attempts", "1000001", "must be between 1 and 1000000; was 1000001"),
        arguments("fetchq.queue.max-active", "-1", "must be between 0 and 1000000; was -1"),
        arguments("fetchq.queue.max-active", "1000001", "must be between 0 and 1000000; was 1000001"),
        arguments("fetchq.queue.lock", "0", "must be between 1ms and 7d; was 0"),
        arguments("fetchq.queue.lock", "8d", "must be between 1ms and 7d; was 8d"),
        arguments("fetchq.queue.error-retention", "36501d", "must be between 0ms and 36500d; was 36501d"),
        arguments("fetchq.queue.error-retention", "PT-1S", "must be between 0ms and 36500d; was PT-1S"),
        arguments("fetchq.queue.finished-retention", "36501d", "must be between 0ms and 36500d; was 36501d"),
        arguments("fetchq.queue.retry.base", "0ms", "must be between 1ms and 36500d; was 0ms"),
        arguments("fetchq.queue.retry.max", "36501d", "must be between 1ms and 36500d; was 36501d"),
        arguments("fetchq.queue.notifications", "yes", "must be true or false; was yes"),
        arguments("fetchq.worker.concurrency", "0", "must be between 1 and 10000; was 0"),
        arguments("fetchq.worker.concurrency", "10001", "must be between 1 and 10000; was 10001"),
        arguments("fetchq.worker.batch", "0", "must be between 1 and 50000; was 0"),
        arguments("fetchq.worker.batch", "-5", "must be between 1 and 50000; was -5"),
        arguments("fetchq.worker.idle.min", "0", "must be between 1ms and 1h; was 0"),
        arguments("fetchq.worker.idle.max", "61m", "must be between 1ms and 1h; was 61m"),
        arguments("fetchq.worker.settle.delay", "11s", "must be between 0ms and 10s; was 11s"),
        arguments("fetchq.worker.settle.batch", "50001", "must be between 1 and 50000; was 50001"),
        arguments("fetchq.maintenance.enabled", "1", "must be true or false; was 1"),
        arguments("fetchq.maintenance.interval", "9ms", "must be between 10ms and 1h; was 9ms"),
        arguments("fetchq.maintenance.interval", "2h", "must be between 10ms and 1h; was 2h"),
        arguments("fetchq.maintenance.prune-interval", "500ms", "must be between 1s and 1d; was 500ms"),
        arguments("fetchq.maintenance.limit", "0", "must be between 1 and 50000; was 0"),
        arguments("fetchq.schedules.zone", "Mars/Base", "must be a time zone id such as Europe/Rome or UTC"),
        arguments("fetchq.schedules.drop-undeclared", "yes", "must be true or false; was yes"),
        arguments("fetchq.shutdown.grace", "61m", "must be between 0ms and 1h; was 61m"),
        arguments("fetchq.startup.timeout", "2h", "must be between 0ms and 1h; was 2h"),
        arguments("fetchq.shutdown.grace", "5 minutes", "must be a duration such as 500ms, 2s, 5m, 1h, 7d"),
        arguments("fetchq.shutdown.hook", "on", "must be true or false; was on"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("refused")
  void aBadValueFailsNamingTheKeyTheValueTheRuleAndTheSource(String key, String value, String rule) {
    assertThatThrownBy(() -> FetchqConfig.of(Map.of(key, value)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).singleElement().asString()
              .startsWith(key + ": ")
              .contains(rule)
              .endsWith(" (set in code)");
        });
  }

  @Test
  void everyKeyButThePasswordHasARefusedValueInTheTable() {
    Set<String> covered = refused().map(a -> (String) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>(FetchqConfig.keys());
    expected.remove("fetchq.db.password");

    assertThat(covered).isEqualTo(expected);
  }

  @Test
  void theMessageReadsAsTheBriefSays() {
    assertThatThrownBy(() -> FetchqConfig.of(Map.of("fetchq.worker.batch", "0")))
        .hasMessage("fetchq.worker.batch: must be between 1 and 50000; was 0 (set in code)");
  }

  /** The bounds of each range are accepted. */
  static Stream<Arguments> accepted() {
    return Stream.of(
        arguments("fetchq.storage", "partitioned"),
        arguments("fetchq.db.url", "jdbc:postgresql:app"),
        arguments("fetchq.db.user", "app"),
        arguments("fetchq.db.password", ""),
        arguments("fetchq.db.pool-size", "1"),
        arguments("fetchq.db.pool-size", "1000"),
        arguments("fetchq.schema", "_" + "a".repeat(62)),
        arguments("fetchq.schema.mode", "None"),
        arguments("fetchq.queue.max-attempts", "1000000"),
        arguments("fetchq.queue.max-active", "0"),
        arguments("fetchq.queue.lock", "1ms"),
        arguments("fetchq.queue.lock", "7d"),
        arguments("fetchq.queue.error-retention", "0"),
        arguments("fetchq.queue.error-retention", "36500d"),
        arguments("fetchq.worker.concurrency", "10000"),
        arguments("fetchq.worker.batch", "50000"),
        arguments("fetchq.worker.idle.min", "1ms"),
        arguments("fetchq.worker.idle.max", "1h"),
        arguments("fetchq.worker.settle.delay", "0"),
        arguments("fetchq.worker.settle.delay", "10s"),
        arguments("fetchq.worker.settle.batch", "1"),
        arguments("fetchq.maintenance.interval", "10ms"),
        arguments("fetchq.maintenance.interval", "1h"),
        arguments("fetchq.maintenance.prune-interval", "1d"),
        arguments("fetchq.maintenance.limit", "50000"),
        arguments("fetchq.shutdown.grace", "0"),
        arguments("fetchq.shutdown.grace", "PT1H"),
        arguments("fetchq.startup.timeout", "0s"),
        arguments("fetchq.shutdown.hook", "TRUE"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("accepted")
  void theBoundsAreAccepted(String key, String value) {
    assertThat(FetchqConfig.of(Map.of(key, value)).source(key)).isEqualTo(ConfigSource.program());
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    FetchqConfig config = FetchqConfig.defaults();

    assertThat(config.storage()).isEqualTo("postgres");
    assertThat(config.dbUrl()).isEmpty();
    assertThat(config.dbUser()).isEmpty();
    assertThat(config.dbPassword()).isEmpty();
    assertThat(config.dbPoolSize()).isEqualTo(10);
    assertThat(config.schema()).isEqualTo("fetchq");
    assertThat(config.schemaMode()).isEqualTo(SchemaMode.MIGRATE);
    assertThat(config.queueMaxAttempts()).isEqualTo(5);
    assertThat(config.queueLock()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.queueErrorRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.queueRetryBase()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.queueRetryMax()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.queueNotifications()).isTrue();
    assertThat(config.workerConcurrency()).isEqualTo(4);
    assertThat(config.workerBatch()).isEqualTo(10);
    assertThat(config.workerIdleMin()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.workerIdleMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.workerSettleDelay()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.workerSettleBatch()).isEqualTo(500);
    assertThat(config.maintenanceEnabled()).isTrue();
    assertThat(config.maintenanceInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.maintenancePruneInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.maintenanceLimit()).isEqualTo(1000);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.shutdownHook()).isFalse();
    assertThat(config.queueDefaults()).isEqualTo(QueueOptions.defaults());
  }

  @Test
  void idleMinMustNotExceedIdleMax() {
    assertThatThrownBy(() -> FetchqConfig.of(Map.of("fetchq.worker.idle.min", "5s")))
        .hasMessage("fetchq.worker.idle.min: must not be greater than fetchq.worker.idle.max (2s, default);"
            + " was 5s (set in code)");
    assertThatThrownBy(() -> FetchqConfig.defaults().with("fetchq.worker.idle.max", "10ms"))
        .hasMessageStartingWith("fetchq.worker.idle.min: must not be greater than fetchq.worker.idle.max (10ms,"
            + " set in code); was 50ms (default)");

    FetchqConfig both = FetchqConfig.defaults().with(Map.of("fetchq.worker.idle.min", "5s", "fetchq.worker.idle.max", "1m"));
    assertThat(both.workerIdleMin()).isEqualTo(Duration.ofSeconds(5));
    assertThat(both.workerIdleMax()).isEqualTo(Duration.ofMinutes(1));
    assertThat(FetchqConfig.of(Map.of("fetchq.worker.idle.min", "2s")).workerIdleMin()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void retryBaseMustNotExceedRetryMax() {
    assertThatThrownBy(() -> FetchqConfig.of(Map.of("fetchq.queue.retry.base", "20m")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("fetchq.queue.retry.base: must not be greater than fetchq.queue.retry.max (10m, default);"
            + " was 20m (set in code)");
  }

  @Test
  void ofAndWithRefuseUnknownKeysWithTheClosestOne() {
    assertThatThrownBy(() -> FetchqConfig.of(Map.of("fetchq.queue.max_attempts", "3")))
        .hasMessage("fetchq.queue.max_attempts: not a Fetchq setting; did you mean fetchq.queue.max-attempts?"
            + " (set in code)");
    assertThatThrownBy(() -> FetchqConfig.defaults().with("worker.batch", "3"))
        .hasMessage("worker.batch: not a Fetchq setting; did you mean fetchq.worker.batch? (set in code)");
    assertThatThrownBy(() -> FetchqConfig.defaults().source("fetchq.db.usr"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("fetchq.db.usr: not a Fetchq setting; did you mean fetchq.db.user?");
  }

  @Test
  void ofCollectsEveryProblem() {
    Map<String, String> values = Map.of(
        "fetchq.worker.batch", "0", "fetchq.worker.concurrency", "0", "fetchq.bogus", "1", "fetchq.queue.lock", "forever");

    assertThatThrownBy(() -> FetchqConfig.of(values))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(4);
          assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("fetchq.worker.batch: "));
          assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("fetchq.worker.concurrency: "));
          assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("fetchq.bogus: not a Fetchq setting"));
          assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("fetchq.queue.lock: must be a duration"));
        });
  }

  @Test
  void withersReturnCheckedCopiesAndLeaveTheOriginalAlone() {
    FetchqConfig original = FetchqConfig.defaults();

    FetchqConfig changed = original
        .withStorage("partitioned")
        .withDatabase("jdbc:postgresql://db/app", "app", "pw")
        .withPoolSize(20)
        .withSchema("jobs")
        .withSchemaMode(SchemaMode.NONE)
        .with("fetchq.worker.batch", "25");

    assertThat(original).isEqualTo(FetchqConfig.defaults());
    assertThat(changed.storage()).isEqualTo("partitioned");
    assertThat(changed.dbUrl()).contains("jdbc:postgresql://db/app");
    assertThat(changed.dbUser()).contains("app");
    assertThat(changed.dbPassword()).contains("pw");
    assertThat(changed.dbPoolSize()).isEqualTo(20);
    assertThat(changed.schema()).isEqualTo("jobs");
    assertThat(changed.schemaMode()).isEqualTo(SchemaMode.NONE);
    assertThat(changed.workerBatch()).isEqualTo(25);
    assertThat(changed.source("fetchq.db.url")).isEqualTo(ConfigSource.program());
    assertThat(changed).isNotEqualTo(original).hasSameHashCodeAs(FetchqConfig.of(Map.of(
        "fetchq.storage", "partitioned", "fetchq.db.url", "jdbc:postgresql://db/app", "fetchq.db.user", "app",
        "fetchq.db.password", "pw", "fetchq.db.pool-size", "20", "fetchq.schema", "jobs",
        "fetchq.schema.mode", "none", "fetchq.worker.batch", "25")));

    assertThatThrownBy(() -> original.withPoolSize(0)).hasMessageStartingWith("fetchq.db.pool-size: must be between");
    assertThatThrownBy(() -> original.withSchema("public; drop")).hasMessageStartingWith("fetchq.schema: ");
    assertThatThrownBy(() -> original.withDatabase("jdbc:mysql://db", null, null))
        .hasMessageStartingWith("fetchq.db.url: must start with jdbc:postgresql:");
  }

  @Test
  void nullUnsetsOnlyKeysWithoutADefault() {
    FetchqConfig withDb = FetchqConfig.defaults().withDatabase("jdbc:postgresql://db/app", "app", "pw");

    FetchqConfig cleared = withDb.withDatabase(null, null, null);
    assertThat(cleared.dbUrl()).isEmpty();
    assertThat(cleared.dbUser()).isEmpty();
    assertThat(cleared.dbPassword()).isEmpty();
    assertThat(withDb.with("fetchq.db.password", null).dbPassword()).isEmpty();

    assertThatThrownBy(() -> withDb.with("fetchq.worker.batch", null))
        .hasMessage("fetchq.worker.batch: must be set; was null (set in code)");
  }

  @Test
  void theStorageSettingsConnectByUrl() {
    FetchqConfig config = FetchqConfig.defaults()
        .withDatabase("jdbc:postgresql://db/app", "app", "pw").withSchema("jobs").withPoolSize(3)
        .withSchemaMode(SchemaMode.VALIDATE);

    assertThat(config.storageSettings(null))
        .isEqualTo(new StorageSettings("jdbc:postgresql://db/app", "app", "pw", null, "jobs", SchemaMode.VALIDATE, 3));
  }

  @Test
  void theStorageSettingsUseTheProgramsDataSource() {
    DataSource dataSource = dataSource();
    FetchqConfig config = FetchqConfig.defaults().withSchema("jobs");

    StorageSettings settings = config.storageSettings(dataSource);

    assertThat(settings.dataSource()).isSameAs(dataSource);
    assertThat(settings.jdbcUrl()).isNull();
    assertThat(settings.schema()).isEqualTo("jobs");
  }

  @Test
  void withoutUrlOrDataSourceTheMessageNamesTheUrlKey() {
    assertThatThrownBy(() -> FetchqConfig.defaults().storageSettings(null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("fetchq.db.url: must be set (or a DataSource given)")
        .hasMessageContaining("FETCHQ_DB_URL");
  }

  @Test
  void aDataSourceWithDatabaseKeysSetIsAContradiction() {
    Map<String, String> env = new HashMap<>();
    env.put("FETCHQ_DB_URL", "jdbc:postgresql://db/app?password=hunter2");
    env.put("FETCHQ_DB_PASSWORD", "hunter2");
    FetchqConfig config = FetchqConfig.load(Map.of(), env, new java.net.URLClassLoader(new java.net.URL[0], null));

    assertThatThrownBy(() -> config.storageSettings(dataSource()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          assertThat(e.problems().get(0)).startsWith("fetchq.db.url: must not be set when the program gives its own DataSource")
              .endsWith("was jdbc:postgresql://db/app?password=**** (environment variable FETCHQ_DB_URL)");
          assertThat(e.problems().get(1)).startsWith("fetchq.db.password: ")
              .endsWith("was **** (environment variable FETCHQ_DB_PASSWORD)");
          assertThat(e.getMessage()).doesNotContain("hunter2");
        });
  }

  @Test
  void theQueueDefaultsAndRetryPolicyComeFromTheQueueKeys() {
    FetchqConfig config = FetchqConfig.of(Map.of(
        "fetchq.queue.max-attempts", "3", "fetchq.queue.lock", "1m", "fetchq.queue.error-retention", "2d",
        "fetchq.queue.notifications", "false", "fetchq.queue.retry.base", "100ms", "fetchq.queue.retry.max", "400ms"));

    assertThat(config.queueDefaults())
        .isEqualTo(new QueueOptions(3, Duration.ofMinutes(1), Duration.ofDays(2), 0, false, Duration.ofDays(36_500), 0));
    RetryPolicy retry = config.retryDefaults();
    assertThat(retry.delay(1)).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
    assertThat(retry.delay(2)).isBetween(Duration.ofMillis(160), Duration.ofMillis(200));
    assertThat(retry.delay(50)).isBetween(Duration.ofMillis(320), Duration.ofMillis(400));
  }

  private static DataSource dataSource() {
    return (DataSource) Proxy.newProxyInstance(
        FetchqConfigRulesTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "toString" -> "test data source";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
