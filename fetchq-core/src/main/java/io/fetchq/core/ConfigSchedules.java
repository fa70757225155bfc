package io.fetchq.core;

import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The schedules declared by configuration, {@code fetchq.schedules.<name>.<option>}: each option
 * checked as it arrives, a later value replacing an earlier one, like every other key. The name is
 * what comes between {@code fetchq.schedules.} and the last dot, under the rule of a task's subject;
 * the options are {@code cron} and {@code queue} (both required), {@code zone} (else {@code
 * fetchq.schedules.zone}) and {@code missed} ({@code once} or {@code skip}; else once).
 */
final class ConfigSchedules {
  static final String PREFIX = "fetchq.schedules.";

  /** One option of a schedule. */
  enum Option {
    CRON, ZONE, QUEUE, MISSED;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A schedule as configured, complete and checked. */
  record ConfiguredSchedule(
      String name, String cron, ZoneId zone, String queue, ScheduleOptions.Missed missed, ConfigSource source) {}

  /** By schedule name, then option: the value (typed) and where it came from. */
  private final Map<String, Map<Option, FetchqConfig.Setting>> byName = new TreeMap<>();
  /** The schedules with a refused value: not reported again for the options they miss. */
  private final Set<String> refused = new HashSet<>();

  ConfigSchedules() {}

  ConfigSchedules(ConfigSchedules from) {
    from.byName.forEach((name, options) -> byName.put(name, new EnumMap<>(options)));
  }

  /** Whether {@code key} is a schedule's option key: the prefix, a name, a dot and an option. */
  static boolean claims(String key) {
    return key.startsWith(PREFIX) && key.indexOf('.', PREFIX.length() + 1) > 0;
  }

  /**
   * One schedule option; null when it was taken, else the problem in the words of {@link
   * ConfigDraft} (key, rule, value, source). A null value unsets the option.
   */
  String offer(String key, String text, ConfigSource source) {
    int dot = key.lastIndexOf('.');
    String name = key.substring(PREFIX.length(), dot);
    String optionText = key.substring(dot + 1);
    try {
      Require.subject("name", name);
    } catch (InvalidArgumentException e) {
      return key + ": the schedule's name " + e.rule() + " (" + source + ")";
    }
    Option option = Arrays.stream(Option.values()).filter(o -> o.key().equals(optionText)).findFirst().orElse(null);
    if (option == null) {
      return key + ": not a schedule option; the options of " + PREFIX + name + " are "
          + Arrays.stream(Option.values()).map(Option::key).collect(Collectors.joining(", ")) + " (" + source + ")";
    }
    if (text == null) {
      Map<Option, FetchqConfig.Setting> options = byName.get(name);
      if (options != null) {
        options.remove(option);
        if (options.isEmpty()) {
          byName.remove(name);
        }
      }
      return null;
    }
    Object value;
    try {
      value = parse(option, text);
    } catch (InvalidArgumentException e) {
      refused.add(name);
      return key + ": " + e.rule() + " (" + source + ")";
    } catch (IllegalArgumentException e) {
      refused.add(name);
      return key + ": " + e.getMessage() + "; was \"" + text + "\" (" + source + ")";
    }
    byName.computeIfAbsent(name, n -> new EnumMap<>(Option.class)).put(option, new FetchqConfig.Setting(value, source));
    return null;
  }

  private static Object parse(Option option, String text) {
    return switch (option) {
      case CRON -> CronTimes.parse("cron", text).text();
      case ZONE -> zone(text);
      case QUEUE -> {
        try {
          yield Require.queueName("queue", text.strip());
        } catch (InvalidArgumentException e) {
          throw new IllegalArgumentException(e.rule());
        }
      }
      case MISSED -> switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "once" -> ScheduleOptions.Missed.ONCE;
        case "skip" -> ScheduleOptions.Missed.SKIP;
        default -> throw new IllegalArgumentException("must be once or skip");
      };
    };
  }

  /** A time zone id such as Europe/Rome or UTC. */
  static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("must be a time zone id such as Europe/Rome or UTC (" + e.getMessage() + ")");
    }
  }

  /** The problems of schedules that miss a required option. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    byName.forEach((name, options) -> {
      if (refused.contains(name)) {
        return;
      }
      ConfigSource source = options.values().iterator().next().source();
      for (Option required : List.of(Option.CRON, Option.QUEUE)) {
        if (!options.containsKey(required)) {
          problems.add(PREFIX + name + "." + required.key() + ": must be set for the schedule " + name
              + (required == Option.QUEUE ? " (a schedule by configuration runs in a queue's worker; a handler is given"
                  + " in code)" : "") + " (the schedule is declared in " + source + ")");
        }
      }
    });
    return problems;
  }

  /** The schedules, complete (after {@link #problems()} found none), zones defaulting to {@code defaultZone}. */
  List<ConfiguredSchedule> resolve(ZoneId defaultZone) {
    List<ConfiguredSchedule> schedules = new ArrayList<>();
    byName.forEach((name, options) -> {
      FetchqConfig.Setting cron = options.get(Option.CRON);
      FetchqConfig.Setting zone = options.get(Option.ZONE);
      FetchqConfig.Setting missed = options.get(Option.MISSED);
      schedules.add(new ConfiguredSchedule(name, (String) cron.value(),
          zone != null ? (ZoneId) zone.value() : defaultZone, (String) options.get(Option.QUEUE).value(),
          missed != null ? (ScheduleOptions.Missed) missed.value() : ScheduleOptions.Missed.ONCE, cron.source()));
    });
    return schedules;
  }

  /** One line per option set, as {@link FetchqConfig#describe()} shows keys. */
  List<String> describe(int width) {
    List<String> lines = new ArrayList<>();
    byName.forEach((name, options) -> options.forEach((option, setting) -> lines.add(String.format(Locale.ROOT,
        "%-" + width + "s = %s  (%s)", PREFIX + name + "." + option.key(), shown(setting.value()), setting.source()))));
    return lines;
  }

  private static String shown(Object value) {
    return value instanceof ScheduleOptions.Missed missed ? missed.name().toLowerCase(Locale.ROOT) : value.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConfigSchedules that && values().equals(that.values());
  }

  @Override
  public int hashCode() {
    return Objects.hash(values());
  }

  private Map<String, Map<Option, Object>> values() {
    Map<String, Map<Option, Object>> values = new TreeMap<>();
    byName.forEach((name, options) -> {
      Map<Option, Object> typed = new EnumMap<>(Option.class);
      options.forEach((option, setting) -> typed.put(option, setting.value()));
      values.put(name, typed);
    });
    return values;
  }
}
