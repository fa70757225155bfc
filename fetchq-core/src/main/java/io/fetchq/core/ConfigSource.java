package io.fetchq.core;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a configuration value came from: the built-in default, the classpath's {@code
 * fetchq.properties}, a named properties file, a system property, an environment variable, the
 * program itself, or the configuration of the application Fetchq runs in (such as Spring's
 * {@code Environment}). Its text, such as {@code environment variable FETCHQ_DB_URL}, is what error
 * messages and {@link FetchqConfig#describe()} show.
 *
 * @param kind the kind of source
 * @param location the file, resource URL, property or variable name; empty for defaults and code
 */
public record ConfigSource(Kind kind, String location) {

  /** The kinds of source, weakest first: a later kind overrides an earlier one when loading. */
  public enum Kind {
    /** Fetchq's built-in default. */
    DEFAULT,
    /** {@code fetchq.properties} found on the classpath. */
    CLASSPATH,
    /** The properties file named by {@code fetchq.config} or {@code FETCHQ_CONFIG}. */
    FILE,
    /** A {@code -Dfetchq.*} system property. */
    SYSTEM_PROPERTY,
    /** A {@code FETCHQ_*} environment variable. */
    ENVIRONMENT,
    /** Set by the program through {@link FetchqConfig#of} or a wither. */
    PROGRAM,
    /**
     * Read from the configuration of the application Fetchq runs in, such as a Spring {@code
     * Environment}, through {@link FetchqConfig#with(Map, Function)}; the location says which
     * property and where it was written.
     */
    APPLICATION
  }

  private static final ConfigSource DEFAULT = new ConfigSource(Kind.DEFAULT, "");
  private static final ConfigSource PROGRAM = new ConfigSource(Kind.PROGRAM, "");

  public ConfigSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
  }

  public static ConfigSource defaults() {
    return DEFAULT;
  }

  public static ConfigSource classpath(String resourceUrl) {
    return new ConfigSource(Kind.CLASSPATH, resourceUrl);
  }

  public static ConfigSource file(String path) {
    return new ConfigSource(Kind.FILE, path);
  }

  public static ConfigSource systemProperty(String name) {
    return new ConfigSource(Kind.SYSTEM_PROPERTY, name);
  }

  public static ConfigSource environment(String name) {
    return new ConfigSource(Kind.ENVIRONMENT, name);
  }

  public static ConfigSource program() {
    return PROGRAM;
  }

  /**
   * A value from the application's configuration; {@code location} is shown as it is, such as
   * {@code Spring property fetchq.worker.batch (class path resource [application.properties] - 3:20)}.
   */
  public static ConfigSource application(String location) {
    return new ConfigSource(Kind.APPLICATION, location);
  }

  /** The source in words, such as {@code file /etc/app/fetchq.properties}. */
  @Override
  public String toString() {
    return switch (kind) {
      case DEFAULT -> "default";
      case CLASSPATH -> "classpath " + location;
      case FILE -> "file " + location;
      case SYSTEM_PROPERTY -> "system property " + location;
      case ENVIRONMENT -> "environment variable " + location;
      case PROGRAM -> "set in code";
      case APPLICATION -> location.isEmpty() ? "application configuration" : location;
    };
  }
}
