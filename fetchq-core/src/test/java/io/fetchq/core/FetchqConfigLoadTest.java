package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fetchq.core.ConfigSource.Kind;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@link FetchqConfig#load(Map, Map, ClassLoader)}: the four sources, their order and their strictness. */
class FetchqConfigLoadTest {
  /** Sees no {@code fetchq.properties}: its parent is the bootstrap loader. */
  private static final ClassLoader EMPTY = new URLClassLoader(new URL[0], null);

  @TempDir Path dir;

  private final Logger logger = (Logger) LoggerFactory.getLogger(FetchqConfig.class);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void listen() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(log);
  }

  @Test
  void withNoSourceItIsTheDefaults() {
    FetchqConfig config = FetchqConfig.load(Map.of(), Map.of(), EMPTY);

    assertThat(config).isEqualTo(FetchqConfig.defaults());
    assertThat(config.source("fetchq.worker.batch")).isEqualTo(ConfigSource.defaults());
  }

  @Test
  void eachSourceOverridesTheOneBefore() throws IOException {
    Path classpath = Files.createDirectories(dir.resolve("classpath"));
    write(classpath.resolve("fetchq.properties"),
        "fetchq.worker.batch=11", "fetchq.worker.concurrency=11", "fetchq.maintenance.limit=11", "fetchq.db.pool-size=11");
    Path named = write(dir.resolve("app.properties"),
        "fetchq.worker.concurrency=22", "fetchq.maintenance.limit=22", "fetchq.db.pool-size=22");
    Map<String, String> system = Map.of(
        "fetchq.config", named.toString(), "fetchq.maintenance.limit", "33", "fetchq.db.pool-size", "33");
    Map<String, String> env = Map.of("FETCHQ_DB_POOL_SIZE", "44");

    FetchqConfig config = FetchqConfig.load(system, env, loaderOver(classpath));

    assertThat(config.workerBatch()).isEqualTo(11);
    assertThat(config.workerConcurrency()).isEqualTo(22);
    assertThat(config.maintenanceLimit()).isEqualTo(33);
    assertThat(config.dbPoolSize()).isEqualTo(44);
    assertThat(config.workerSettleBatch()).isEqualTo(500);
    assertThat(config.source("fetchq.worker.batch").kind()).isEqualTo(Kind.CLASSPATH);
    assertThat(config.source("fetchq.worker.batch").location()).endsWith("classpath/fetchq.properties");
    assertThat(config.source("fetchq.worker.concurrency")).isEqualTo(ConfigSource.file(named.toString()));
    assertThat(config.source("fetchq.maintenance.limit"))
        .isEqualTo(ConfigSource.systemProperty("fetchq.maintenance.limit"));
    assertThat(config.source("fetchq.db.pool-size")).isEqualTo(ConfigSource.environment("FETCHQ_DB_POOL_SIZE"));
    assertThat(config.source("fetchq.worker.settle.batch")).isEqualTo(ConfigSource.defaults());
  }

  @Test
  void theConfigFileMayBeNamedByTheEnvironment() throws IOException {
    Path named = write(dir.resolve("env.properties"), "fetchq.storage=partitioned");

    FetchqConfig config = FetchqConfig.load(Map.of(), Map.of("FETCHQ_CONFIG", named.toString()), EMPTY);

    assertThat(config.storage()).isEqualTo("partitioned");
    assertThat(config.source("fetchq.storage").toString()).isEqualTo("file " + named);
  }

  @Test
  void theSameFileNamedTwiceIsFineButTwoDifferentFilesAreRefused() throws IOException {
    Path one = write(dir.resolve("one.properties"), "fetchq.worker.batch=7");
    Path two = write(dir.resolve("two.properties"), "fetchq.worker.batch=8");

    assertThat(FetchqConfig.load(Map.of("fetchq.config", one.toString()), Map.of("FETCHQ_CONFIG", one.toString()), EMPTY)
        .workerBatch()).isEqualTo(7);
    assertThatThrownBy(() ->
            FetchqConfig.load(Map.of("fetchq.config", one.toString()), Map.of("FETCHQ_CONFIG", two.toString()), EMPTY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("fetchq.config: ")
        .hasMessageContaining(one.toString())
        .hasMessageContaining(two.toString())
        .hasMessageContaining("FETCHQ_CONFIG");
  }

  @Test
  void aNamedFileMustExist() {
    Path missing = dir.resolve("missing.properties");

    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.config", missing.toString()), Map.of(), EMPTY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("fetchq.config: must name a file that exists; was " + missing + " (system property fetchq.config)");
    assertThatThrownBy(() -> FetchqConfig.load(Map.of(), Map.of("FETCHQ_CONFIG", dir.toString()), EMPTY))
        .hasMessage("fetchq.config: must name a properties file, not a directory; was " + dir
            + " (environment variable FETCHQ_CONFIG)");
    assertThatThrownBy(() -> FetchqConfig.load(Map.of(), Map.of("FETCHQ_CONFIG", " "), EMPTY))
        .hasMessageStartingWith("fetchq.config: must name a properties file; was \"\"");
  }

  @Test
  void aFileThatIsNotUtf8IsAProblemNamingTheFile() throws IOException {
    Path latin1 = dir.resolve("latin1.properties");
    Files.write(latin1, "fetchq.db.user=j\u00f6rg\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.config", latin1.toString()), Map.of(), EMPTY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("file " + latin1 + ": cannot be read: must be UTF-8 text");
  }

  @Test
  void environmentVariablesAreTheKeysInUpperCaseWithUnderscores() {
    assertThat(FetchqConfig.environmentVariable("fetchq.db.url")).isEqualTo("FETCHQ_DB_URL");
    assertThat(FetchqConfig.environmentVariable("fetchq.db.pool-size")).isEqualTo("FETCHQ_DB_POOL_SIZE");
    assertThat(FetchqConfig.environmentVariable("fetchq.queue.retry.base")).isEqualTo("FETCHQ_QUEUE_RETRY_BASE");
    Set<String> names = new HashSet<>();
    FetchqConfig.keys().forEach(key -> assertThat(names.add(FetchqConfig.environmentVariable(key)))
        .as("%s has an environment variable of its own", key).isTrue());
  }

  @Test
  void everyKeyCanBeSetFromTheEnvironment() {
    Map<String, String> env = Map.ofEntries(
        Map.entry("FETCHQ_STORAGE", "partitioned"),
        Map.entry("FETCHQ_DB_URL", "jdbc:postgresql://db:5432/app"),
        Map.entry("FETCHQ_DB_USER", "app"),
        Map.entry("FETCHQ_DB_PASSWORD", "pw"),
        Map.entry("FETCHQ_DB_POOL_SIZE", "3"),
        Map.entry("FETCHQ_SCHEMA", "jobs"),
        Map.entry("FETCHQ_SCHEMA_MODE", "VALIDATE"),
        Map.entry("FETCHQ_QUEUE_MAX_ATTEMPTS", "9"),
        Map.entry("FETCHQ_QUEUE_MAX_ACTIVE", "4"),
        Map.entry("FETCHQ_QUEUE_LOCK", "PT1M"),
        Map.entry("FETCHQ_QUEUE_ERROR_RETENTION", "1d"),
        Map.entry("FETCHQ_QUEUE_FINISHED_RETENTION", "30d"),
        Map.entry("FETCHQ_QUEUE_RETRY_BASE", "2s"),
        Map.entry("FETCHQ_QUEUE_RETRY_MAX", "1h"),
        Map.entry("FETCHQ_QUEUE_NOTIFICATIONS", "FALSE"),
        Map.entry("FETCHQ_WORKER_CONCURRENCY", "16"),
        Map.entry("FETCHQ_WORKER_BATCH", "100"),
        Map.entry("FETCHQ_WORKER_IDLE_MIN", "10"),
        Map.entry("FETCHQ_WORKER_IDLE_MAX", "5s"),
        Map.entry("FETCHQ_WORKER_SETTLE_DELAY", "0"),
        Map.entry("FETCHQ_WORKER_SETTLE_BATCH", "50"),
        Map.entry("FETCHQ_MAINTENANCE_ENABLED", "false"),
        Map.entry("FETCHQ_MAINTENANCE_INTERVAL", "1s"),
        Map.entry("FETCHQ_MAINTENANCE_PRUNE_INTERVAL", "5m"),
        Map.entry("FETCHQ_MAINTENANCE_LIMIT", "200"),
        Map.entry("FETCHQ_SCHEDULES_ZONE", "Europe/Rome"),
        Map.entry("FETCHQ_SCHEDULES_DROP_UNDECLARED", "true"),
        Map.entry("FETCHQ_SHUTDOWN_GRACE", "30s"),
        Map.entry("FETCHQ_STARTUP_TIMEOUT", "2m"),
        Map.entry("FETCHQ_SHUTDOWN_HOOK", "true"));

    FetchqConfig config = FetchqConfig.load(Map.of(), env, EMPTY);

    assertThat(env).hasSize(FetchqConfig.keys().size());
    FetchqConfig.keys().forEach(key -> assertThat(config.source(key))
        .isEqualTo(ConfigSource.environment(FetchqConfig.environmentVariable(key))));
    assertThat(config.storage()).isEqualTo("partitioned");
    assertThat(config.dbUrl()).contains("jdbc:postgresql://db:5432/app");
    assertThat(config.dbUser()).contains("app");
    assertThat(config.dbPassword()).contains("pw");
    assertThat(config.dbPoolSize()).isEqualTo(3);
    assertThat(config.schema()).isEqualTo("jobs");
    assertThat(config.schemaMode()).isEqualTo(io.fetchq.spi.SchemaMode.VALIDATE);
    assertThat(config.queueMaxAttempts()).isEqualTo(9);
    assertThat(config.queueLock()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.queueErrorRetention()).isEqualTo(Duration.ofDays(1));
    assertThat(config.queueFinishedRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.queueRetryBase()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.queueRetryMax()).isEqualTo(Duration.ofHours(1));
    assertThat(config.queueNotifications()).isFalse();
    assertThat(config.workerConcurrency()).isEqualTo(16);
    assertThat(config.workerBatch()).isEqualTo(100);
    assertThat(config.workerIdleMin()).isEqualTo(Duration.ofMillis(10));
    assertThat(config.workerIdleMax()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.workerSettleDelay()).isZero();
    assertThat(config.workerSettleBatch()).isEqualTo(50);
    assertThat(config.maintenanceEnabled()).isFalse();
    assertThat(config.maintenanceInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.maintenancePruneInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.maintenanceLimit()).isEqualTo(200);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.shutdownHook()).isTrue();
  }

  @Test
  void aBadEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(() -> FetchqConfig.load(Map.of(), Map.of("FETCHQ_WORKER_BATCH", "0"), EMPTY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("fetchq.worker.batch: must be between 1 and 50000; was 0 (environment variable FETCHQ_WORKER_BATCH)");
  }

  @Test
  void otherFetchqVariablesAreIgnoredAndNearMissesAreLogged() {
    FetchqConfig config = FetchqConfig.load(Map.of(),
        Map.of("FETCHQ_TEST_DB_URL", "jdbc:postgresql://x/y", "FETCHQ_TEST_DB", "url", "PATH", "/bin"), EMPTY);
    assertThat(config).isEqualTo(FetchqConfig.defaults());
    assertThat(log.list).isEmpty();

    FetchqConfig typo = FetchqConfig.load(Map.of(), Map.of("FETCHQ_DB_URLL", "jdbc:postgresql://x/y"), EMPTY);
    assertThat(typo.dbUrl()).isEmpty();
    assertThat(log.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("FETCHQ_DB_URLL").contains("did you mean FETCHQ_DB_URL?");
    });
  }

  @Test
  void anUnknownSystemPropertyIsRefusedWithTheClosestKey() {
    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.worker.concurency", "8"), Map.of(), EMPTY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("fetchq.worker.concurency: not a Fetchq setting; did you mean fetchq.worker.concurrency?"
            + " (system property fetchq.worker.concurency)");
    assertThatThrownBy(() -> FetchqConfig.load(Map.of("FETCHQ.DB.URL", "jdbc:postgresql://x/y"), Map.of(), EMPTY))
        .hasMessageContaining("did you mean fetchq.db.url?");
  }

  @Test
  void anUnknownKeyFarFromAnyListsTheKnownOnes() {
    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.colour", "blue"), Map.of(), EMPTY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("fetchq.colour: not a Fetchq setting; the settings are fetchq.storage, fetchq.db.url,")
        .hasMessageContaining("fetchq.shutdown.hook");
  }

  @Test
  void anUnknownKeyInAFileIsRefusedWithoutShowingItsValue() throws IOException {
    Path file = write(dir.resolve("typo.properties"), "fetchq.db.pasword=hunter2-secret");

    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.config", file.toString()), Map.of(), EMPTY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("fetchq.db.pasword: not a Fetchq setting; did you mean fetchq.db.password? (file " + file + ")")
        .message().doesNotContain("hunter2");
  }

  @Test
  void aFileMayHoldOtherKeysButNotFetchqKeysWithoutTheirPrefix() throws IOException {
    Path fine = write(dir.resolve("shared.properties"), "app.name=heroes", "server.port=8080", "fetchq.worker.batch=3");
    assertThat(FetchqConfig.load(Map.of("fetchq.config", fine.toString()), Map.of(), EMPTY).workerBatch()).isEqualTo(3);

    Path unprefixed = write(dir.resolve("unprefixed.properties"), "db.url=jdbc:postgresql://x/y");
    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.config", unprefixed.toString()), Map.of(), EMPTY))
        .hasMessage("db.url: not a Fetchq setting; did you mean fetchq.db.url? (file " + unprefixed + ")");
  }

  @Test
  void theFileNameIsNotASettingInsideAFile() throws IOException {
    Path file = write(dir.resolve("self.properties"), "fetchq.config=other.properties");

    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.config", file.toString()), Map.of(), EMPTY))
        .hasMessageStartingWith("fetchq.config: names the properties file to read, so it is read only from the system"
            + " property fetchq.config or the environment variable FETCHQ_CONFIG");
  }

  @Test
  void systemPropertiesOutsideTheNamespaceAreNotFetchqs() {
    FetchqConfig config =
        FetchqConfig.load(Map.of("java.version", "17", "fetchqx.anything", "1", "user.name", "me"), Map.of(), EMPTY);

    assertThat(config).isEqualTo(FetchqConfig.defaults());
  }

  @Test
  void everyProblemInEverySourceIsReportedAtOnce() throws IOException {
    Path classpath = Files.createDirectories(dir.resolve("cp"));
    write(classpath.resolve("fetchq.properties"), "fetchq.schema=Bad-Schema");
    Path file = write(dir.resolve("all.properties"), "fetchq.queue.lock=0", "fetchq.db.pool-size=many");
    Map<String, String> system = Map.of(
        "fetchq.config", file.toString(), "fetchq.worker.idle.min", "5s", "fetchq.worker.bach", "10");
    Map<String, String> env = Map.of("FETCHQ_SHUTDOWN_HOOK", "yes");
    ConfigSource classpathFile = ConfigSource.classpath(classpath.resolve("fetchq.properties").toUri().toURL().toString());

    assertThatThrownBy(() -> FetchqConfig.load(system, env, loaderOver(classpath)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(6);
          assertThat(e.getMessage()).startsWith("6 problems in the Fetchq configuration:\n  - ");
          assertThat(e.problems().get(0)).startsWith("fetchq.schema: must be a lower-case schema name")
              .endsWith("; was Bad-Schema (" + classpathFile + ")");
          assertThat(e.problems()).contains(
              "fetchq.db.pool-size: must be a whole number between 1 and 1000; was many (file " + file + ")",
              "fetchq.queue.lock: must be between 1ms and 7d; was 0 (file " + file + ")",
              "fetchq.worker.bach: not a Fetchq setting; did you mean fetchq.worker.batch?"
                  + " (system property fetchq.worker.bach)",
              "fetchq.shutdown.hook: must be true or false; was yes (environment variable FETCHQ_SHUTDOWN_HOOK)",
              "fetchq.worker.idle.min: must not be greater than fetchq.worker.idle.max (2s, default); was 5s"
                  + " (system property fetchq.worker.idle.min)");
        });
  }

  @Test
  void aSecondFetchqPropertiesOnTheClasspathIsIgnoredWithAWarning() throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    write(first.resolve("fetchq.properties"), "fetchq.worker.batch=1");
    write(second.resolve("fetchq.properties"), "fetchq.worker.batch=2");
    ClassLoader both = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()}, null);

    assertThat(FetchqConfig.load(Map.of(), Map.of(), both).workerBatch()).isEqualTo(1);
    assertThat(log.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("2 times").contains("second");
    });
  }

  @Test
  void theRealLoadReadsThisJvm() {
    // The test JVM sets no fetchq.* property; FETCHQ_TEST_* variables are not settings.
    assertThat(FetchqConfig.load().storage()).isNotBlank();
  }

  private static Path write(Path file, String... lines) throws IOException {
    return Files.write(file, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
  }

  private static ClassLoader loaderOver(Path directory) throws IOException {
    return new URLClassLoader(new URL[] {directory.toUri().toURL()}, null);
  }
}
