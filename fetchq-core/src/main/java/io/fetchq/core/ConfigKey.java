package io.fetchq.core;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;

import io.fetchq.Limits;
import io.fetchq.QueueOptions;
import io.fetchq.spi.SchemaMode;
import io.fetchq.spi.StorageSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every key Fetchq's configuration knows, with its default, its rule and its environment
 * variable name. Nothing outside this list is accepted under {@code fetchq.}.
 */
enum ConfigKey {
  STORAGE("fetchq.storage", "postgres",
      ConfigRule.matching(Pattern.compile("[a-z][a-z0-9_]{0,62}"), "a lower-case backend name such as postgres")),

  DB_URL("fetchq.db.url", null, ConfigRule.jdbcUrl()),
  DB_USER("fetchq.db.user", null, ConfigRule.notBlank()),
  DB_PASSWORD("fetchq.db.password", null, ConfigRule.verbatim()),
  DB_POOL_SIZE("fetchq.db.pool-size", "10", ConfigRule.integer(1, 1000)),

  SCHEMA("fetchq.schema", "fetchq",
      ConfigRule.matching(StorageSettings.SCHEMA_NAME, "a lower-case schema name of up to 63 characters")),
  SCHEMA_MODE("fetchq.schema.mode", "migrate", ConfigRule.schemaMode()),

  QUEUE_MAX_ATTEMPTS("fetchq.queue.max-attempts", "5", ConfigRule.integer(1, QueueOptions.MAX_ATTEMPTS_LIMIT)),
  QUEUE_LOCK("fetchq.queue.lock", "5m", ConfigRule.duration(ofMillis(1), Limits.MAX_LOCK)),
  QUEUE_ERROR_RETENTION("fetchq.queue.error-retention", "7d", ConfigRule.duration(ZERO, Limits.MAX_DELAY)),
  QUEUE_FINISHED_RETENTION("fetchq.queue.finished-retention", "36500d", ConfigRule.duration(ZERO, Limits.MAX_DELAY)),
  QUEUE_RETRY_BASE("fetchq.queue.retry.base", "1s", ConfigRule.duration(ofMillis(1), Limits.MAX_DELAY)),
  QUEUE_RETRY_MAX("fetchq.queue.retry.max", "10m", ConfigRule.duration(ofMillis(1), Limits.MAX_DELAY)),
  QUEUE_MAX_ACTIVE("fetchq.queue.max-active", "0", ConfigRule.integer(0, QueueOptions.MAX_ACTIVE_LIMIT)),
  QUEUE_NOTIFICATIONS("fetchq.queue.notifications", "true", ConfigRule.bool()),

  WORKER_CONCURRENCY("fetchq.worker.concurrency", "4", ConfigRule.integer(1, 10_000)),
  WORKER_BATCH("fetchq.worker.batch", "10", ConfigRule.integer(1, Limits.MAX_BATCH)),
  WORKER_IDLE_MIN("fetchq.worker.idle.min", "50ms", ConfigRule.duration(ofMillis(1), ofHours(1))),
  WORKER_IDLE_MAX("fetchq.worker.idle.max", "2s", ConfigRule.duration(ofMillis(1), ofHours(1))),
  WORKER_SETTLE_DELAY("fetchq.worker.settle.delay", "5ms", ConfigRule.duration(ZERO, ofSeconds(10))),
  WORKER_SETTLE_BATCH("fetchq.worker.settle.batch", "500", ConfigRule.integer(1, Limits.MAX_BATCH)),

  MAINTENANCE_ENABLED("fetchq.maintenance.enabled", "true", ConfigRule.bool()),
  MAINTENANCE_INTERVAL("fetchq.maintenance.interval", "500ms", ConfigRule.duration(ofMillis(10), ofHours(1))),
  MAINTENANCE_PRUNE_INTERVAL("fetchq.maintenance.prune-interval", "1m", ConfigRule.duration(ofSeconds(1), ofDays(1))),
  MAINTENANCE_LIMIT("fetchq.maintenance.limit", "1000", ConfigRule.integer(1, Limits.MAX_BATCH)),

  SCHEDULES_ZONE("fetchq.schedules.zone", "UTC", ConfigRule.zone()),
  SCHEDULES_DROP_UNDECLARED("fetchq.schedules.drop-undeclared", "false", ConfigRule.bool()),

  STARTUP_TIMEOUT("fetchq.startup.timeout", "60s", ConfigRule.duration(ZERO, ofHours(1))),

  SHUTDOWN_GRACE("fetchq.shutdown.grace", "10s", ConfigRule.duration(ZERO, ofHours(1))),
  SHUTDOWN_HOOK("fetchq.shutdown.hook", "false", ConfigRule.bool());

  /** The namespace every key lives in. */
  static final String PREFIX = "fetchq.";

  /** The system property that names a properties file; not a setting itself. */
  static final String CONFIG_FILE_PROPERTY = "fetchq.config";

  /** The environment variable that names a properties file; not a setting itself. */
  static final String CONFIG_FILE_VARIABLE = "FETCHQ_CONFIG";

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@?&]*:)[^/@?&]*@");
  private static final Map<String, ConfigKey> BY_KEY =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(k -> k.key, Function.identity()));

  private final String key;
  private final String defaultText;
  private final ConfigRule rule;

  ConfigKey(String key, String defaultText, ConfigRule rule) {
    this.key = key;
    this.defaultText = defaultText;
    this.rule = rule;
  }

  /** The key as users write it, such as {@code fetchq.db.pool-size}. */
  String key() {
    return key;
  }

  /** The built-in default as text, or null when the key has none (it is then unset). */
  String defaultText() {
    return defaultText;
  }

  /** Whether the key may be unset: it has no default. */
  boolean optional() {
    return defaultText == null;
  }

  /** Whether the value must never be shown. */
  boolean secret() {
    return this == DB_PASSWORD;
  }

  /** The typed value of the text, or an {@link IllegalArgumentException} that states the rule. */
  Object parse(String text) {
    return rule.parse(text);
  }

  /** The environment variable: upper case, with dots and dashes as underscores. */
  String environmentName() {
    return environmentName(key);
  }

  static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The value as {@link FetchqConfig#describe()} shows it: canonical, with secrets masked. */
  String show(Object value) {
    if (value == null) {
      return "(not set)";
    }
    if (value instanceof Duration d) {
      return DurationText.format(d);
    }
    if (value instanceof SchemaMode mode) {
      return mode.name().toLowerCase(Locale.ROOT);
    }
    return mask(value.toString());
  }

  /** The text with secrets masked: all of a password, or the password parts of a JDBC URL. */
  String mask(String text) {
    if (secret()) {
      return "****";
    }
    if (this == DB_URL) {
      String masked = URL_PASSWORD.matcher(text).replaceAll("$1****");
      return URL_USER_INFO.matcher(masked).replaceAll("$1****@");
    }
    return text;
  }

  /** The key named exactly so. */
  static Optional<ConfigKey> named(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  /**
   * The known key closest to a key that is not known, when it is close enough to be a likely typo
   * (an edit distance of at most a third of its length, case ignored).
   */
  static Optional<ConfigKey> closestTo(String unknown) {
    String wanted = unknown.toLowerCase(Locale.ROOT);
    ConfigKey best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ConfigKey candidate : values()) {
      int distance = editDistance(wanted, candidate.key);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, wanted.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** The Levenshtein distance: the fewest inserts, deletes and replacements from a to b. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
