package io.fetchq.core;

import io.fetchq.QueueOptions;
import io.fetchq.RetryPolicy;
import io.fetchq.spi.SchemaMode;
import io.fetchq.spi.StorageSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;

/**
 * The runtime's configuration: immutable, and valid once made. Every value is checked when it is
 * loaded or set, values that must agree are compared, and all problems are reported together in
 * one {@link ConfigurationException} that names each key, value, rule and source. Unknown keys
 * under {@code fetchq.} are refused with the closest known key suggested.
 *
 * <p>{@link #load()} reads, each source overriding the one before: the built-in defaults, {@code
 * fetchq.properties} on the classpath, the properties file named by the system property {@code
 * fetchq.config} or the environment variable {@code FETCHQ_CONFIG} (which must exist when named),
 * {@code fetchq.*} system properties, and environment variables ({@code fetchq.db.pool-size} is
 * {@code FETCHQ_DB_POOL_SIZE}: upper case, dots and dashes as underscores).
 *
 * <table>
 *   <caption>The keys, their defaults and rules</caption>
 *   <tr><th>key</th><th>default</th><th>rule</th></tr>
 *   <tr><td>{@code fetchq.storage}</td><td>postgres</td><td>a lower-case backend name</td></tr>
 *   <tr><td>{@code fetchq.db.url}</td><td>not set</td><td>starts with {@code jdbc:postgresql:}</td></tr>
 *   <tr><td>{@code fetchq.db.user}</td><td>not set</td><td>not blank</td></tr>
 *   <tr><td>{@code fetchq.db.password}</td><td>not set</td><td>anything; never shown</td></tr>
 *   <tr><td>{@code fetchq.db.pool-size}</td><td>10</td><td>1 to 1000</td></tr>
 *   <tr><td>{@code fetchq.schema}</td><td>fetchq</td><td>{@code [a-z_][a-z0-9_]{0,62}}</td></tr>
 *   <tr><td>{@code fetchq.schema.mode}</td><td>migrate</td><td>migrate, validate or none</td></tr>
 *   <tr><td>{@code fetchq.queue.max-attempts}</td><td>5</td><td>1 to 1,000,000</td></tr>
 *   <tr><td>{@code fetchq.queue.lock}</td><td>5m</td><td>1ms to 7d</td></tr>
 *   <tr><td>{@code fetchq.queue.error-retention}</td><td>7d</td><td>0 to 36500d</td></tr>
 *   <tr><td>{@code fetchq.queue.finished-retention}</td><td>36500d</td><td>0 to 36500d</td></tr>
 *   <tr><td>{@code fetchq.queue.retry.base}</td><td>1s</td><td>1ms to 36500d, at most retry.max</td></tr>
 *   <tr><td>{@code fetchq.queue.retry.max}</td><td>10m</td><td>1ms to 36500d</td></tr>
 *   <tr><td>{@code fetchq.queue.notifications}</td><td>true</td><td>true or false</td></tr>
 *   <tr><td>{@code fetchq.worker.concurrency}</td><td>4</td><td>1 to 10,000</td></tr>
 *   <tr><td>{@code fetchq.worker.batch}</td><td>10</td><td>1 to 50,000</td></tr>
 *   <tr><td>{@code fetchq.worker.idle.min}</td><td>50ms</td><td>1ms to 1h, at most idle.max</td></tr>
 *   <tr><td>{@code fetchq.worker.idle.max}</td><td>2s</td><td>1ms to 1h</td></tr>
 *   <tr><td>{@code fetchq.worker.settle.delay}</td><td>5ms</td><td>0 to 10s</td></tr>
 *   <tr><td>{@code fetchq.worker.settle.batch}</td><td>500</td><td>1 to 50,000</td></tr>
 *   <tr><td>{@code fetchq.maintenance.enabled}</td><td>true</td><td>true or false</td></tr>
 *   <tr><td>{@code fetchq.maintenance.interval}</td><td>500ms</td><td>10ms to 1h</td></tr>
 *   <tr><td>{@code fetchq.maintenance.prune-interval}</td><td>1m</td><td>1s to 1d</td></tr>
 *   <tr><td>{@code fetchq.maintenance.limit}</td><td>1000</td><td>1 to 50,000</td></tr>
 *   <tr><td>{@code fetchq.schedules.zone}</td><td>UTC</td><td>a time zone id</td></tr>
 *   <tr><td>{@code fetchq.schedules.drop-undeclared}</td><td>false</td><td>true or false</td></tr>
 *   <tr><td>{@code fetchq.shutdown.grace}</td><td>10s</td><td>0 to 1h</td></tr>
 *   <tr><td>{@code fetchq.shutdown.hook}</td><td>false</td><td>true or false</td></tr>
 * </table>
 *
 * <p>Schedules are declared by {@code fetchq.schedules.<name>.<option>} (read from files and system
 * properties, not from environment variables): {@code cron} (required; 5 fields, 6 with seconds
 * first, or a macro such as {@code @daily}), {@code queue} (required: the queue whose worker runs
 * it), {@code zone} (default {@code fetchq.schedules.zone}) and {@code missed} ({@code once}, the
 * default, or {@code skip}); see {@link Fetchq.Builder#schedule(String, String, java.time.ZoneId, String)}.
 *
 * <p>Durations are written {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}, as a
 * plain number of milliseconds, or in ISO-8601 ({@code PT5M}); booleans only as {@code true} or
 * {@code false}. The password is never shown: {@link #describe()} masks it, and the password in a
 * JDBC URL too.
 */
public final class FetchqConfig {

  /** One key's effective value (null when unset) and where it came from. */
  record Setting(Object value, ConfigSource source) {}

  private final Map<ConfigKey, Setting> settings;
  private final ConfigSchedules schedules;
  private final AtomicBoolean logged = new AtomicBoolean();

  FetchqConfig(Map<ConfigKey, Setting> settings, ConfigSchedules schedules) {
    this.settings = new EnumMap<>(settings);
    this.schedules = new ConfigSchedules(schedules);
  }

  /** The built-in defaults only: no database, so {@link #storageSettings} needs a data source. */
  public static FetchqConfig defaults() {
    return ConfigDraft.ofDefaults().build();
  }

  /**
   * The defaults with the given keys set, as if in code.
   *
   * @throws ConfigurationException listing every unknown key and bad value
   */
  public static FetchqConfig of(Map<String, String> settings) {
    return defaults().with(settings);
  }

  /**
   * The configuration of this JVM: defaults, classpath {@code fetchq.properties}, the file named
   * by {@code fetchq.config} / {@code FETCHQ_CONFIG}, system properties, environment variables.
   *
   * @throws ConfigurationException listing every problem in every source
   */
  public static FetchqConfig load() {
    Map<String, String> systemProperties = new LinkedHashMap<>();
    System.getProperties().stringPropertyNames().forEach(k -> systemProperties.put(k, System.getProperty(k)));
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return load(systemProperties, System.getenv(), loader != null ? loader : FetchqConfig.class.getClassLoader());
  }

  /**
   * The configuration {@link #load()} would make from these system properties, environment
   * variables and class loader (where {@code fetchq.properties} is looked up).
   *
   * @throws ConfigurationException listing every problem in every source
   */
  public static FetchqConfig load(
      Map<String, String> systemProperties, Map<String, String> environment, ClassLoader classLoader) {
    Objects.requireNonNull(systemProperties, "systemProperties");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(classLoader, "classLoader");
    return new ConfigLoader(systemProperties, environment, classLoader).load();
  }

  /** Every key Fetchq knows, in the order {@link #describe()} lists them. */
  public static List<String> keys() {
    return Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList();
  }

  /** The environment variable that sets a key: {@code fetchq.db.pool-size} is {@code FETCHQ_DB_POOL_SIZE}. */
  public static String environmentVariable(String key) {
    return ConfigKey.environmentName(Objects.requireNonNull(key, "key"));
  }

  // ---- withers: each returns a checked copy ----

  /**
   * A copy with one key set; a null value unsets a key that has no default (url, user, password).
   *
   * @throws ConfigurationException when the key is unknown, the value breaks the key's rule, or it
   *     contradicts another key
   */
  public FetchqConfig with(String key, String value) {
    Map<String, String> one = new LinkedHashMap<>();
    one.put(Objects.requireNonNull(key, "key"), value);
    return with(one);
  }

  /**
   * A copy with all the given keys set at once, so that keys which must agree (such as {@code
   * fetchq.worker.idle.min} and {@code .max}) can change together.
   *
   * @throws ConfigurationException listing every unknown key, bad value and contradiction
   */
  public FetchqConfig with(Map<String, String> values) {
    ConfigDraft draft = ConfigDraft.startingFrom(settings, schedules);
    new TreeMap<>(Objects.requireNonNull(values, "values"))
        .forEach((key, value) -> draft.offer(key, value, ConfigSource.program()));
    return draft.build();
  }

  /**
   * A copy with all the given keys set at once, each from the source {@code sources} names for it:
   * for a framework that reads Fetchq's keys from its own configuration (the Spring Boot starter
   * reads its {@code Environment}), so that every problem names the property and where it was
   * written, and keys from a source other than the defaults count as set (a {@code DataSource}
   * then refuses {@code fetchq.db.*}). Unknown keys under {@code fetchq.} are refused as {@link
   * #with(Map)} refuses them.
   *
   * @throws ConfigurationException listing every unknown key, bad value and contradiction
   */
  public FetchqConfig with(Map<String, String> values, Function<String, ConfigSource> sources) {
    Objects.requireNonNull(sources, "sources");
    ConfigDraft draft = ConfigDraft.startingFrom(settings, schedules);
    new TreeMap<>(Objects.requireNonNull(values, "values"))
        .forEach((key, value) -> draft.offer(key, value, Objects.requireNonNull(sources.apply(key), "source of " + key)));
    return draft.build();
  }

  /** A copy with the storage backend named {@code name}, such as {@code partitioned}. */
  public FetchqConfig withStorage(String name) {
    return with(ConfigKey.STORAGE.key(), name);
  }

  /** A copy that reaches the database by this URL; a null user or password leaves it unset. */
  public FetchqConfig withDatabase(String jdbcUrl, String user, String password) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ConfigKey.DB_URL.key(), jdbcUrl);
    values.put(ConfigKey.DB_USER.key(), user);
    values.put(ConfigKey.DB_PASSWORD.key(), password);
    return with(values);
  }

  /** A copy whose backend pool opens at most {@code poolSize} connections. */
  public FetchqConfig withPoolSize(int poolSize) {
    return with(ConfigKey.DB_POOL_SIZE.key(), Integer.toString(poolSize));
  }

  /** A copy that keeps Fetchq's tables in {@code schema}. */
  public FetchqConfig withSchema(String schema) {
    return with(ConfigKey.SCHEMA.key(), schema);
  }

  /** A copy that treats the schema as {@code mode} says when the backend opens. */
  public FetchqConfig withSchemaMode(SchemaMode mode) {
    return with(ConfigKey.SCHEMA_MODE.key(), Objects.requireNonNull(mode, "mode").name());
  }

  // ---- typed values ----

  /** {@code fetchq.storage}: the name of the backend to use. */
  public String storage() {
    return (String) value(ConfigKey.STORAGE);
  }

  /** {@code fetchq.db.url}, when set. */
  public Optional<String> dbUrl() {
    return Optional.ofNullable((String) value(ConfigKey.DB_URL));
  }

  /** {@code fetchq.db.user}, when set. */
  public Optional<String> dbUser() {
    return Optional.ofNullable((String) value(ConfigKey.DB_USER));
  }

  /** {@code fetchq.db.password}, when set. Never log it. */
  public Optional<String> dbPassword() {
    return Optional.ofNullable((String) value(ConfigKey.DB_PASSWORD));
  }

  /** {@code fetchq.db.pool-size}. */
  public int dbPoolSize() {
    return (Integer) value(ConfigKey.DB_POOL_SIZE);
  }

  /** {@code fetchq.schema}. */
  public String schema() {
    return (String) value(ConfigKey.SCHEMA);
  }

  /** {@code fetchq.schema.mode}. */
  public SchemaMode schemaMode() {
    return (SchemaMode) value(ConfigKey.SCHEMA_MODE);
  }

  /** {@code fetchq.queue.max-attempts}. */
  public int queueMaxAttempts() {
    return (Integer) value(ConfigKey.QUEUE_MAX_ATTEMPTS);
  }

  /** {@code fetchq.queue.lock}. */
  public Duration queueLock() {
    return (Duration) value(ConfigKey.QUEUE_LOCK);
  }

  /** {@code fetchq.queue.error-retention}. */
  public Duration queueErrorRetention() {
    return (Duration) value(ConfigKey.QUEUE_ERROR_RETENTION);
  }

  /** {@code fetchq.queue.finished-retention}. */
  public Duration queueFinishedRetention() {
    return (Duration) value(ConfigKey.QUEUE_FINISHED_RETENTION);
  }

  /** {@code fetchq.queue.retry.base}. */
  public Duration queueRetryBase() {
    return (Duration) value(ConfigKey.QUEUE_RETRY_BASE);
  }

  /** {@code fetchq.queue.retry.max}. */
  public Duration queueRetryMax() {
    return (Duration) value(ConfigKey.QUEUE_RETRY_MAX);
  }

  /** {@code fetchq.queue.max-active}: 0 for no limit. */
  public int queueMaxActive() {
    return (Integer) value(ConfigKey.QUEUE_MAX_ACTIVE);
  }

  /** {@code fetchq.queue.notifications}. */
  public boolean queueNotifications() {
    return (Boolean) value(ConfigKey.QUEUE_NOTIFICATIONS);
  }

  /** {@code fetchq.worker.concurrency}. */
  public int workerConcurrency() {
    return (Integer) value(ConfigKey.WORKER_CONCURRENCY);
  }

  /** {@code fetchq.worker.batch}. */
  public int workerBatch() {
    return (Integer) value(ConfigKey.WORKER_BATCH);
  }

  /** {@code fetchq.worker.idle.min}: the first wait of an idle worker. */
  public Duration workerIdleMin() {
    return (Duration) value(ConfigKey.WORKER_IDLE_MIN);
  }

  /** {@code fetchq.worker.idle.max}: the longest wait of an idle worker. */
  public Duration workerIdleMax() {
    return (Duration) value(ConfigKey.WORKER_IDLE_MAX);
  }

  /** {@code fetchq.worker.settle.delay}: how long outcomes wait to be settled together. */
  public Duration workerSettleDelay() {
    return (Duration) value(ConfigKey.WORKER_SETTLE_DELAY);
  }

  /** {@code fetchq.worker.settle.batch}: the most outcomes settled in one call. */
  public int workerSettleBatch() {
    return (Integer) value(ConfigKey.WORKER_SETTLE_BATCH);
  }

  /** {@code fetchq.maintenance.enabled}. */
  public boolean maintenanceEnabled() {
    return (Boolean) value(ConfigKey.MAINTENANCE_ENABLED);
  }

  /** {@code fetchq.maintenance.interval}: how often due tasks are promoted and orphans freed. */
  public Duration maintenanceInterval() {
    return (Duration) value(ConfigKey.MAINTENANCE_INTERVAL);
  }

  /** {@code fetchq.maintenance.prune-interval}. */
  public Duration maintenancePruneInterval() {
    return (Duration) value(ConfigKey.MAINTENANCE_PRUNE_INTERVAL);
  }

  /** {@code fetchq.maintenance.limit}: the most tasks one maintenance step touches. */
  public int maintenanceLimit() {
    return (Integer) value(ConfigKey.MAINTENANCE_LIMIT);
  }

  /** {@code fetchq.schedules.zone}: the time zone of a schedule by configuration that names none. */
  public ZoneId schedulesZone() {
    return (ZoneId) value(ConfigKey.SCHEDULES_ZONE);
  }

  /**
   * {@code fetchq.schedules.drop-undeclared}: whether a client drops, at start, the tasks of
   * schedules it does not declare (in {@value Fetchq#SCHEDULES_QUEUE} and in the queues it declares).
   */
  public boolean schedulesDropUndeclared() {
    return (Boolean) value(ConfigKey.SCHEDULES_DROP_UNDECLARED);
  }

  /** The schedules declared by {@code fetchq.schedules.<name>.<option>}, by name. */
  List<ConfigSchedules.ConfiguredSchedule> schedules() {
    return schedules.resolve(schedulesZone());
  }

  /**
   * {@code fetchq.startup.timeout}: how long {@code Fetchq.Builder.build()} keeps trying to reach a
   * database that is unreachable or restarting before it gives up (0: one attempt).
   */
  public Duration startupTimeout() {
    return (Duration) value(ConfigKey.STARTUP_TIMEOUT);
  }

  /** {@code fetchq.shutdown.grace}. */
  public Duration shutdownGrace() {
    return (Duration) value(ConfigKey.SHUTDOWN_GRACE);
  }

  /** {@code fetchq.shutdown.hook}. */
  public boolean shutdownHook() {
    return (Boolean) value(ConfigKey.SHUTDOWN_HOOK);
  }

  /**
   * Where a key's effective value came from.
   *
   * @throws ConfigurationException when the key is unknown
   */
  public ConfigSource source(String key) {
    return settings.get(known(key)).source();
  }

  // ---- what the runtime builds from it ----

  /**
   * The backend's storage settings. With a data source, that source is used and none of {@code
   * fetchq.db.url}, {@code .user}, {@code .password} and {@code .pool-size} may be set (they would
   * be ignored); without one, {@code fetchq.db.url} must be set.
   *
   * @param userDataSourceOrNull the program's own data source, or null to connect by URL
   * @throws ConfigurationException naming {@code fetchq.db.url} when there is no way to the
   *     database, or naming each database key that a data source would make ignored
   */
  public StorageSettings storageSettings(DataSource userDataSourceOrNull) {
    if (userDataSourceOrNull != null) {
      List<String> problems = new ArrayList<>();
      for (ConfigKey key : List.of(ConfigKey.DB_URL, ConfigKey.DB_USER, ConfigKey.DB_PASSWORD, ConfigKey.DB_POOL_SIZE)) {
        Setting setting = settings.get(key);
        if (setting.value() != null && setting.source().kind() != ConfigSource.Kind.DEFAULT) {
          problems.add(key.key() + ": must not be set when the program gives its own DataSource, which is used"
              + " instead; was " + key.show(setting.value()) + " (" + setting.source() + ")");
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return new StorageSettings(null, null, null, userDataSourceOrNull, schema(), schemaMode(), dbPoolSize());
    }
    String url = dbUrl().orElseThrow(() -> new ConfigurationException(ConfigKey.DB_URL.key()
        + ": must be set (or a DataSource given) for Fetchq to reach its database; set it in fetchq.properties,"
        + " as -D" + ConfigKey.DB_URL.key() + " or as " + ConfigKey.DB_URL.environmentName()));
    return new StorageSettings(
        url, dbUser().orElse(null), dbPassword().orElse(null), null, schema(), schemaMode(), dbPoolSize());
  }

  /** The options of a queue created without its own: attempts, lock, retention, notifications. */
  public QueueOptions queueDefaults() {
    return new QueueOptions(
        queueMaxAttempts(), queueLock(), queueErrorRetention(), 0, queueNotifications(), queueFinishedRetention(),
        queueMaxActive());
  }

  /** {@link RetryPolicy#exponential} from {@code fetchq.queue.retry.base} up to {@code .max}. */
  public RetryPolicy retryDefaults() {
    return RetryPolicy.exponential(queueRetryBase(), queueRetryMax());
  }

  // ---- showing it ----

  /**
   * The effective configuration, one key per line with its value and source, the password and the
   * password part of a JDBC URL shown as {@code ****}.
   */
  public String describe() {
    int width = Arrays.stream(ConfigKey.values()).mapToInt(k -> k.key().length()).max().orElse(0);
    List<String> lines = new ArrayList<>(Arrays.stream(ConfigKey.values())
        .map(key -> {
          Setting setting = settings.get(key);
          return String.format(Locale.ROOT, "%-" + width + "s = %s  (%s)", key.key(), key.show(setting.value()),
              setting.source());
        })
        .toList());
    lines.addAll(schedules.describe(width));
    return String.join("\n", lines);
  }

  /**
   * Logs {@link #describe()} at INFO the first time it is called on this configuration.
   *
   * @return whether this call logged
   */
  public boolean logOnce(Logger logger) {
    Objects.requireNonNull(logger, "logger");
    if (!logged.compareAndSet(false, true)) {
      return false;
    }
    logger.info("Fetchq configuration:\n{}", describe());
    return true;
  }

  /** The same as {@link #describe()}: safe to print, the password masked. */
  @Override
  public String toString() {
    return describe();
  }

  /** Equal when every key has an equal value, wherever the values came from. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FetchqConfig that && values().equals(that.values()) && schedules.equals(that.schedules);
  }

  @Override
  public int hashCode() {
    return values().hashCode() * 31 + schedules.hashCode();
  }

  private List<Object> values() {
    return Arrays.stream(ConfigKey.values()).map(this::value).toList();
  }

  private Object value(ConfigKey key) {
    return settings.get(key).value();
  }

  private static ConfigKey known(String key) {
    Objects.requireNonNull(key, "key");
    return ConfigKey.named(key).orElseThrow(() -> {
      String hint = ConfigKey.closestTo(key).map(k -> "; did you mean " + k.key() + "?").orElse("");
      return new ConfigurationException(key + ": not a Fetchq setting" + hint);
    });
  }
}
