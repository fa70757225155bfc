package io.fetchq.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the four configuration sources in order, each overriding the one before: {@code
 * fetchq.properties} on the classpath, the file named by {@code fetchq.config} or {@code
 * FETCHQ_CONFIG}, {@code fetchq.*} system properties, then {@code FETCHQ_*} environment variables.
 */
final class ConfigLoader {
  static final String CLASSPATH_RESOURCE = "fetchq.properties";

  private static final Logger LOG = LoggerFactory.getLogger(FetchqConfig.class);

  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final ClassLoader classLoader;
  private final ConfigDraft draft = ConfigDraft.ofDefaults();

  ConfigLoader(Map<String, String> systemProperties, Map<String, String> environment, ClassLoader classLoader) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.classLoader = classLoader;
  }

  FetchqConfig load() {
    readClasspathFile();
    readNamedFile();
    readSystemProperties();
    readEnvironment();
    return draft.build();
  }

  private void readClasspathFile() {
    List<URL> found;
    try {
      found = Collections.list(classLoader.getResources(CLASSPATH_RESOURCE));
    } catch (IOException e) {
      draft.problem(CLASSPATH_RESOURCE + " on the classpath: cannot be listed: " + e.getMessage());
      return;
    }
    if (found.isEmpty()) {
      return;
    }
    if (found.size() > 1) {
      LOG.warn("{} is on the classpath {} times; reading only the first, {} (ignoring {})",
          CLASSPATH_RESOURCE, found.size(), found.get(0), found.subList(1, found.size()));
    }
    URL url = found.get(0);
    ConfigSource source = ConfigSource.classpath(url.toString());
    try (InputStream in = url.openStream()) {
      readFile(in, source);
    } catch (IOException | IllegalArgumentException e) {
      draft.problem(source + ": cannot be read: " + reason(e));
    }
  }

  private void readNamedFile() {
    String byProperty = systemProperties.get(ConfigKey.CONFIG_FILE_PROPERTY);
    String byVariable = environment.get(ConfigKey.CONFIG_FILE_VARIABLE);
    if (byProperty == null && byVariable == null) {
      return;
    }
    if (byProperty != null && byVariable != null && !byProperty.strip().equals(byVariable.strip())) {
      draft.problem(ConfigKey.CONFIG_FILE_PROPERTY + ": names " + byProperty.strip() + " but the environment variable "
          + ConfigKey.CONFIG_FILE_VARIABLE + " names " + byVariable.strip() + "; name one file (system property "
          + ConfigKey.CONFIG_FILE_PROPERTY + ")");
      return;
    }
    ConfigSource namedBy = byVariable != null
        ? ConfigSource.environment(ConfigKey.CONFIG_FILE_VARIABLE)
        : ConfigSource.systemProperty(ConfigKey.CONFIG_FILE_PROPERTY);
    String name = (byVariable != null ? byVariable : byProperty).strip();
    String rulePrefix = ConfigKey.CONFIG_FILE_PROPERTY + ": ";
    if (name.isEmpty()) {
      draft.problem(rulePrefix + "must name a properties file; was \"\" (" + namedBy + ")");
      return;
    }
    Path path;
    try {
      path = Path.of(name).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      draft.problem(rulePrefix + "must be a file path (" + e.getReason() + "); was " + name + " (" + namedBy + ")");
      return;
    }
    if (!Files.exists(path)) {
      draft.problem(rulePrefix + "must name a file that exists; was " + path + " (" + namedBy + ")");
      return;
    }
    if (!Files.isRegularFile(path)) {
      draft.problem(rulePrefix + "must name a properties file, not a directory; was " + path + " (" + namedBy + ")");
      return;
    }
    ConfigSource source = ConfigSource.file(path.toString());
    try (InputStream in = Files.newInputStream(path)) {
      readFile(in, source);
    } catch (IOException | IllegalArgumentException e) {
      draft.problem(source + ": cannot be read: " + reason(e));
    }
  }

  /**
   * One properties file (UTF-8). Keys under {@code fetchq.} must be known; a known key written
   * without the prefix ({@code db.url}) is a problem too; other keys belong to someone else.
   */
  private void readFile(InputStream in, ConfigSource source) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())) {
      properties.load(reader);
    }
    Map<String, String> sorted = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> sorted.put(k, properties.getProperty(k)));
    sorted.forEach((key, value) -> {
      if (namespaced(key)) {
        draft.offer(key, value, source);
      } else if (ConfigKey.named(ConfigKey.PREFIX + key).isPresent()) {
        draft.unknown(key, source);
      }
    });
  }

  private void readSystemProperties() {
    new TreeMap<>(systemProperties).forEach((key, value) -> {
      if (namespaced(key) && !key.equals(ConfigKey.CONFIG_FILE_PROPERTY)) {
        draft.offer(key, value, ConfigSource.systemProperty(key));
      }
    });
  }

  /**
   * The variables of the known keys. Other {@code FETCHQ_*} variables are not Fetchq's to refuse
   * (tests and tools use the prefix too), but one that looks like a typo of a known name is logged.
   */
  private void readEnvironment() {
    List<String> known = new ArrayList<>();
    for (ConfigKey key : ConfigKey.values()) {
      String name = key.environmentName();
      known.add(name);
      String value = environment.get(name);
      if (value != null) {
        draft.offer(key, value, ConfigSource.environment(name));
      }
    }
    new TreeMap<>(environment).keySet().stream()
        .filter(name -> name.toUpperCase(Locale.ROOT).startsWith("FETCHQ_"))
        .filter(name -> !known.contains(name) && !name.equals(ConfigKey.CONFIG_FILE_VARIABLE))
        .forEach(name -> known.stream()
            .filter(k -> ConfigKey.editDistance(name.toUpperCase(Locale.ROOT), k) <= 2)
            .findFirst()
            .ifPresent(k -> LOG.warn("Environment variable {} is not a Fetchq setting and is ignored; did you mean {}?",
                name, k)));
  }

  private static String reason(Exception e) {
    return e instanceof CharacterCodingException ? "must be UTF-8 text (" + e + ")" : e.toString();
  }

  private static boolean namespaced(String key) {
    return key.regionMatches(true, 0, ConfigKey.PREFIX, 0, ConfigKey.PREFIX.length());
  }
}
