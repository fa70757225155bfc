package io.fetchq.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A configuration being put together, source after source: each value is checked as it arrives,
 * a later one replaces an earlier one, and every problem is kept so that {@link #build()} reports
 * them all in one {@link ConfigurationException}.
 */
final class ConfigDraft {
  private final EnumMap<ConfigKey, FetchqConfig.Setting> settings;
  private final ConfigSchedules schedules;
  private final List<String> problems = new ArrayList<>();

  private ConfigDraft(Map<ConfigKey, FetchqConfig.Setting> start, ConfigSchedules schedules) {
    this.settings = new EnumMap<>(ConfigKey.class);
    this.settings.putAll(start);
    this.schedules = new ConfigSchedules(schedules);
  }

  /** A draft that holds the built-in defaults. */
  static ConfigDraft ofDefaults() {
    EnumMap<ConfigKey, FetchqConfig.Setting> defaults = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      Object value = key.defaultText() == null ? null : key.parse(key.defaultText());
      defaults.put(key, new FetchqConfig.Setting(value, ConfigSource.defaults()));
    }
    return new ConfigDraft(defaults, new ConfigSchedules());
  }

  /** A draft that starts from the settings and schedules of an existing configuration. */
  static ConfigDraft startingFrom(Map<ConfigKey, FetchqConfig.Setting> settings, ConfigSchedules schedules) {
    return new ConfigDraft(settings, schedules);
  }

  /**
   * A value for a key by name. The name must be a known key or a schedule's option ({@code
   * fetchq.schedules.<name>.<option>}); anything else under {@code fetchq.} is a problem that
   * suggests the closest known key.
   */
  void offer(String name, String text, ConfigSource source) {
    Optional<ConfigKey> key = ConfigKey.named(name);
    if (key.isPresent()) {
      offer(key.get(), text, source);
    } else if (ConfigSchedules.claims(name)) {
      String problem = schedules.offer(name, text, source);
      if (problem != null) {
        problem(problem);
      }
    } else {
      unknown(name, source);
    }
  }

  /** A value for a key; null unsets a key that has no default and is a problem for the others. */
  void offer(ConfigKey key, String text, ConfigSource source) {
    if (text == null) {
      if (key.optional()) {
        settings.put(key, new FetchqConfig.Setting(null, source));
      } else {
        problem(key.key() + ": must be set; was null (" + source + ")");
      }
      return;
    }
    try {
      settings.put(key, new FetchqConfig.Setting(key.parse(text), source));
    } catch (IllegalArgumentException e) {
      problem(key.key() + ": " + e.getMessage() + "; was " + shown(key.mask(text)) + " (" + source + ")");
    }
  }

  /** A key that Fetchq does not know, reported with the closest known key when there is one. */
  void unknown(String name, ConfigSource source) {
    if (name.equals(ConfigKey.CONFIG_FILE_PROPERTY)) {
      problem(name + ": names the properties file to read, so it is read only from the system property "
          + ConfigKey.CONFIG_FILE_PROPERTY + " or the environment variable " + ConfigKey.CONFIG_FILE_VARIABLE
          + " (" + source + ")");
      return;
    }
    boolean namespaced = name.regionMatches(true, 0, ConfigKey.PREFIX, 0, ConfigKey.PREFIX.length());
    Optional<ConfigKey> closest = ConfigKey.closestTo(namespaced ? name : ConfigKey.PREFIX + name);
    String hint = closest.map(k -> "did you mean " + k.key() + "?")
        .orElseGet(() -> "the settings are " + Arrays.stream(ConfigKey.values())
            .map(ConfigKey::key).collect(Collectors.joining(", ")));
    problem(name + ": not a Fetchq setting; " + hint + " (" + source + ")");
  }

  /** A problem found outside a single value, such as a file that cannot be read. */
  void problem(String line) {
    problems.add(line);
  }

  /**
   * The configuration, once the values that must agree do.
   *
   * @throws ConfigurationException listing every problem found since the draft began
   */
  FetchqConfig build() {
    notGreater(ConfigKey.WORKER_IDLE_MIN, ConfigKey.WORKER_IDLE_MAX);
    notGreater(ConfigKey.QUEUE_RETRY_BASE, ConfigKey.QUEUE_RETRY_MAX);
    problems.addAll(schedules.problems());
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new FetchqConfig(settings, schedules);
  }

  private void notGreater(ConfigKey lower, ConfigKey upper) {
    FetchqConfig.Setting low = settings.get(lower);
    FetchqConfig.Setting high = settings.get(upper);
    if (((Duration) low.value()).compareTo((Duration) high.value()) > 0) {
      problem(lower.key() + ": must not be greater than " + upper.key() + " (" + upper.show(high.value())
          + ", " + high.source() + "); was " + lower.show(low.value()) + " (" + low.source() + ")");
    }
  }

  /** The text as a message shows it: quoted when it is empty or holds spaces. */
  private static String shown(String text) {
    String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    boolean plain = !cut.isEmpty() && cut.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"');
    return plain ? cut : '"' + cut.replace("\"", "\\\"") + '"';
  }
}
