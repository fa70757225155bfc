package io.fetchq.examples.heroes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The hero demo's flags. Each is read from, in order: its default, the system property {@code
 * demo.KEY}, and a program argument {@code KEY=VALUE} (or {@code --KEY=VALUE}). Unknown keys and bad
 * values are refused with the list of keys. Durations are written {@code 500ms}, {@code 5s},
 * {@code 2m}, {@code 1h} or {@code 1d}.
 *
 * @param heroes heroes on the site (1 to 1,000,000)
 * @param workers worker processes, each its own JVM (1 to 16)
 * @param concurrency handler threads per worker process
 * @param day how long a day lasts for the crawler; it comes back to a hero every second day
 * @param visits the crawl ends once every living hero was visited this often (and every hero was found)
 * @param duration the crawl ends after this long in any case
 * @param latency the site's mean time to serve a page
 * @param timeout how long the crawler waits for a page
 * @param errors the share of requests the site answers 500
 * @param stalls the share of requests the site lets hang past the timeout
 * @param vanish the share of heroes whose profile vanishes (404) after its first visit
 * @param gone what a 404 does: {@code kill} the task at once, or {@code count} toward the threshold
 * @param seed the seed of the generated universe
 * @param every how often the progress line is printed
 */
public record DemoOptions(
    int heroes,
    int workers,
    int concurrency,
    Duration day,
    int visits,
    Duration duration,
    Duration latency,
    Duration timeout,
    double errors,
    double stalls,
    double vanish,
    Gone gone,
    long seed,
    Duration every) {

  /** What a 404 does to a hero's task. */
  public enum Gone {
    /** A {@code ThresholdPolicy.killOn(ProfileGoneException.class)} kills the task at the first 404. */
    KILL,
    /** Each 404 counts an attempt; the queue's {@code maxAttempts} kills the task. */
    COUNT
  }

  private static final String PREFIX = "demo.";
  private static final List<String> KEYS = List.of("heroes", "workers", "concurrency", "day", "visits", "duration",
      "latency", "timeout", "errors", "stalls", "vanish", "gone", "seed", "every");

  /** The demo as the README runs it: 300 heroes, 2 worker processes, a day of 5 seconds, about a minute. */
  public static DemoOptions defaults() {
    return new DemoOptions(300, 2, 4, Duration.ofSeconds(5), 4, Duration.ofSeconds(100), Duration.ofMillis(100),
        Duration.ofSeconds(1), 0.05, 0.02, 0.05, Gone.KILL, 42, Duration.ofSeconds(3));
  }

  /**
   * The defaults, overridden by {@code demo.*} entries of {@code properties}, overridden by {@code
   * args}.
   *
   * @throws IllegalArgumentException naming the bad key or value, and listing the keys
   */
  public static DemoOptions parse(String[] args, Properties properties) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        values.put(name.substring(PREFIX.length()), properties.getProperty(name));
      }
    }
    for (String arg : args) {
      String pair = arg.startsWith("--") ? arg.substring(2) : arg;
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected KEY=VALUE, got \"" + arg + "\"; keys: " + String.join(", ", KEYS));
      }
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return defaults().with(values);
  }

  /** A copy with these keys set. */
  public DemoOptions with(Map<String, String> values) {
    Map<String, String> all = asMap();
    values.forEach((key, value) -> {
      if (!all.containsKey(key)) {
        throw new IllegalArgumentException("unknown demo option \"" + key + "\"; keys: " + String.join(", ", KEYS));
      }
      all.put(key, value.strip());
    });
    try {
      return new DemoOptions(
          range("heroes", Integer.parseInt(all.get("heroes")), 1, 1_000_000),
          range("workers", Integer.parseInt(all.get("workers")), 1, 16),
          range("concurrency", Integer.parseInt(all.get("concurrency")), 1, 256),
          positive("day", duration(all.get("day"))),
          range("visits", Integer.parseInt(all.get("visits")), 1, 1000),
          positive("duration", duration(all.get("duration"))),
          duration(all.get("latency")),
          positive("timeout", duration(all.get("timeout"))),
          share("errors", Double.parseDouble(all.get("errors"))),
          share("stalls", Double.parseDouble(all.get("stalls"))),
          share("vanish", Double.parseDouble(all.get("vanish"))),
          Gone.valueOf(all.get("gone").toUpperCase(Locale.ROOT)),
          Long.parseLong(all.get("seed")),
          positive("every", duration(all.get("every"))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad demo option: " + e.getMessage() + "; keys: " + String.join(", ", KEYS), e);
    }
  }

  /** Every option as {@code KEY -> VALUE} text, in a form {@link #with} reads back. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("heroes", Integer.toString(heroes));
    map.put("workers", Integer.toString(workers));
    map.put("concurrency", Integer.toString(concurrency));
    map.put("day", day.toMillis() + "ms");
    map.put("visits", Integer.toString(visits));
    map.put("duration", duration.toMillis() + "ms");
    map.put("latency", latency.toMillis() + "ms");
    map.put("timeout", timeout.toMillis() + "ms");
    map.put("errors", Double.toString(errors));
    map.put("stalls", Double.toString(stalls));
    map.put("vanish", Double.toString(vanish));
    map.put("gone", gone.name().toLowerCase(Locale.ROOT));
    map.put("seed", Long.toString(seed));
    map.put("every", every.toMillis() + "ms");
    return map;
  }

  /** The options as {@code -Ddemo.KEY=VALUE} JVM arguments, for a worker process. */
  public List<String> asJvmArguments() {
    List<String> arguments = new ArrayList<>();
    asMap().forEach((key, value) -> arguments.add("-D" + PREFIX + key + "=" + value));
    return arguments;
  }

  /** How long a stalled request hangs: a little past the crawler's timeout, and shorter than the first retry. */
  public Duration stall() {
    return timeout.plusMillis(200);
  }

  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long amount = t.isEmpty() || Character.isDigit(t.charAt(t.length() - 1))
        ? -1 : Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default -> Duration.ofMillis(Long.parseLong(t));
    };
  }

  private static int range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", was " + value);
    }
    return value;
  }

  private static Duration positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be longer than zero, was " + value);
    }
    return value;
  }

  private static double share(String key, double value) {
    if (!(value >= 0 && value <= 0.5)) {
      throw new IllegalArgumentException(key + " must be a share from 0 to 0.5, was " + value);
    }
    return value;
  }
}
