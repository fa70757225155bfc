package io.fetchq.spring;

import io.fetchq.core.ConfigSource;
import io.fetchq.core.ConfigurationException;
import io.fetchq.core.FetchqConfig;
import io.fetchq.core.QueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Fetchq's configuration read from Spring's {@code Environment}, checked by {@link FetchqConfig}'s
 * own rules. Every {@code fetchq.*} key of the library is read from every property source
 * (properties and YAML files, profiles, system properties, command-line arguments, and environment
 * variables in Fetchq's form {@code FETCHQ_DB_POOL_SIZE} or Spring's {@code FETCHQ_DB_POOLSIZE}).
 * Any other name under {@code fetchq.} in a source that is not the process environment is handed to
 * the library, which refuses it with the closest known key; only the starter's own keys are taken
 * out first: {@code fetchq.spring.enabled} and the queue declarations {@code
 * fetchq.queues.<name>.<option>}, whose options are those of {@code fetchq.queue.*} and are checked
 * by the same rules. The schedules, {@code fetchq.schedules.<name>.<option>}, are the library's and
 * checked by it; the starter only keeps the name as written (Spring's canonical form would lower its
 * case). Each problem names the property and where it was written.
 */
final class FetchqEnvironment {
  static final String ENABLED = "fetchq.spring.enabled";
  static final String QUEUES = "fetchq.queues";
  /** The schedules declared by properties: the library's keys, listed by the starter's metadata as one map. */
  static final String SCHEDULES = "fetchq.schedules";
  /** The starter's keys of the dashboard at /fetchq (module fetchq-dashboard), not the library's. */
  static final String DASHBOARD_ENABLED = "fetchq.dashboard.enabled";
  static final String DASHBOARD_ACTIONS = "fetchq.dashboard.actions";
  static final String GRACE = "fetchq.shutdown.grace";
  static final String SPRING_PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("fetchq");
  private static final ConfigurationPropertyName ENABLED_NAME = ConfigurationPropertyName.of(ENABLED);
  private static final ConfigurationPropertyName QUEUES_NAME = ConfigurationPropertyName.of(QUEUES);
  private static final ConfigurationPropertyName SCHEDULES_NAME = ConfigurationPropertyName.of(SCHEDULES);
  private static final java.util.Set<ConfigurationPropertyName> DASHBOARD_NAMES = java.util.Set.of(
      ConfigurationPropertyName.of(DASHBOARD_ENABLED), ConfigurationPropertyName.of(DASHBOARD_ACTIONS));

  private final FetchqConfig config;
  private final Map<String, QueueSettings> queues;

  private FetchqEnvironment(FetchqConfig config, Map<String, QueueSettings> queues) {
    this.config = config;
    this.queues = queues;
  }

  /** The library's configuration. */
  FetchqConfig config() {
    return config;
  }

  /** The queues declared by {@code fetchq.queues.<name>.*}, by name. */
  Map<String, QueueSettings> queues() {
    return queues;
  }

  /**
   * Reads and checks everything under {@code fetchq.}.
   *
   * @throws ConfigurationException listing every unknown key and bad value, each with its property
   *     and origin
   */
  static FetchqEnvironment read(ConfigurableEnvironment environment) {
    List<ConfigurationPropertySource> sources = new ArrayList<>();
    ConfigurationPropertySources.get(environment).forEach(sources::add);

    Map<String, String> values = new TreeMap<>();
    Map<String, ConfigSource> origins = new LinkedHashMap<>();
    List<ConfigurationPropertyName> known = new ArrayList<>();
    for (String key : FetchqConfig.keys()) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
      known.add(name);
      find(sources, name).ifPresent(found -> {
        values.put(key, text(environment, found));
        origins.put(key, origin(key, found));
      });
    }

    // per queue: option key of fetchq.queue.* -> value, and its origin
    Map<String, Map<String, String>> queueValues = new TreeMap<>();
    Map<String, Map<String, ConfigSource>> queueOrigins = new TreeMap<>();
    for (ConfigurationPropertySource source : sources) {
      if (!(source instanceof IterableConfigurationPropertySource iterable) || isProcessEnvironment(source)) {
        continue;
      }
      iterable.stream().filter(ROOT::isAncestorOf).forEach(name -> {
        if (known.contains(name) || name.equals(ENABLED_NAME) || DASHBOARD_NAMES.contains(name)) {
          return;
        }
        ConfigurationProperty property = source.getConfigurationProperty(name);
        if (property == null) {
          return;
        }
        if (QUEUES_NAME.isAncestorOf(name) && name.getNumberOfElements() >= 4) {
          String queue = name.getElement(2, ConfigurationPropertyName.Form.ORIGINAL);
          String option = "fetchq.queue." + name.subName(3).toString();
          queueValues.computeIfAbsent(queue, q -> new TreeMap<>()).putIfAbsent(option, text(environment, property));
          queueOrigins.computeIfAbsent(queue, q -> new LinkedHashMap<>())
              .putIfAbsent(option, origin(name.toString(), property));
          return;
        }
        if (SCHEDULES_NAME.isAncestorOf(name) && name.getNumberOfElements() == 4) {
          String key = SCHEDULES + "." + name.getElement(2, ConfigurationPropertyName.Form.ORIGINAL) + "."
              + name.getElement(3, ConfigurationPropertyName.Form.DASHED);
          if (!values.containsKey(key)) {
            values.put(key, text(environment, property));
            origins.put(key, origin(name.toString(), property));
          }
          return;
        }
        // anything else under fetchq.: the library refuses it, naming the closest known key
        String key = name.toString();
        if (!values.containsKey(key)) {
          values.put(key, text(environment, property));
          origins.put(key, origin(key, property));
        }
      });
    }

    List<String> problems = new ArrayList<>();
    FetchqConfig config = null;
    try {
      config = FetchqConfig.defaults().with(values, origins::get);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (config != null) {
      config = withSpringGrace(environment, sources, config, problems);
      if (config != null && config.shutdownHook()) {
        problems.add("fetchq.shutdown.hook: must be false in a Spring application, whose context closes the client"
            + " on shutdown; was true (" + config.source("fetchq.shutdown.hook") + ")");
      }
    }
    Map<String, QueueSettings> queues = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> queue : queueValues.entrySet()) {
      Map<String, ConfigSource> queueOrigin = queueOrigins.get(queue.getKey());
      try {
        FetchqConfig own = (config != null ? config : FetchqConfig.defaults()).with(queue.getValue(), queueOrigin::get);
        queues.put(queue.getKey(), new QueueSettings(own.queueDefaults(), own.retryDefaults(),
            io.fetchq.ThresholdPolicy.attemptsOnly()));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new FetchqEnvironment(config, Collections.unmodifiableMap(queues));
  }

  /**
   * {@code fetchq.shutdown.grace} when it is set, else Spring's {@code
   * spring.lifecycle.timeout-per-shutdown-phase} when that is, so the client's grace fits the phase.
   */
  private static FetchqConfig withSpringGrace(
      ConfigurableEnvironment environment, List<ConfigurationPropertySource> sources, FetchqConfig config,
      List<String> problems) {
    if (config.source(GRACE).kind() != ConfigSource.Kind.DEFAULT) {
      return config;
    }
    ConfigurationPropertyName phase = ConfigurationPropertyName.of(SPRING_PHASE_TIMEOUT);
    Optional<ConfigurationProperty> found = find(sources, phase);
    if (found.isEmpty()) {
      return config;
    }
    ConfigSource origin = origin(SPRING_PHASE_TIMEOUT, found.get());
    try {
      Duration timeout = Binder.get(environment).bind(SPRING_PHASE_TIMEOUT, Duration.class).get();
      return config.with(Map.of(GRACE, timeout.toMillis() + "ms"), key -> origin);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
      return null;
    } catch (RuntimeException e) {
      problems.add(SPRING_PHASE_TIMEOUT + ": must be a duration; " + e.getMessage() + " (" + origin + ")");
      return null;
    }
  }

  /** The property from the first source, in precedence order, that has it. */
  private static Optional<ConfigurationProperty> find(
      List<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
    for (ConfigurationPropertySource source : sources) {
      ConfigurationProperty property = source.getConfigurationProperty(name);
      if (property != null) {
        return Optional.of(property);
      }
    }
    return Optional.empty();
  }

  private static String text(ConfigurableEnvironment environment, ConfigurationProperty property) {
    Object value = property.getValue();
    return value == null ? null : environment.resolvePlaceholders(value.toString());
  }

  private static ConfigSource origin(String key, ConfigurationProperty property) {
    Object where = property.getOrigin() != null ? property.getOrigin() : property.getSource();
    return ConfigSource.application("Spring property " + key + (where != null ? " (" + where + ")" : ""));
  }

  /** The process environment: its other {@code FETCHQ_*} variables are not Fetchq's to refuse. */
  private static boolean isProcessEnvironment(ConfigurationPropertySource source) {
    return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
        && propertySource instanceof SystemEnvironmentPropertySource;
  }
}
