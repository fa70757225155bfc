package io.fetchq.cli;

import ch.qos.logback.classic.Level;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.core.ResilienceSettings;
import io.fetchq.spi.SchemaMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The {@code fetchq} command: its subcommands, and the options every subcommand takes (output format,
 * logging, and the database settings that override {@link FetchqConfig#load()}).
 */
@Command(
    name = "fetchq",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Operates Fetchq queues: lists, inspects, retries, runs now, cancels, pauses and resumes them,"
        + " serves the web dashboard, and migrates the schema.",
    description = {
        "",
        "Configured like the library: fetchq.properties on the class path, the file named by FETCHQ_CONFIG,"
            + " -Dfetchq.* system properties and FETCHQ_* environment variables (FETCHQ_DB_URL, FETCHQ_DB_USER,"
            + " FETCHQ_DB_PASSWORD, FETCHQ_SCHEMA, FETCHQ_STORAGE), then the options below. The password is read"
            + " only from FETCHQ_DB_PASSWORD or --db-password-file, never from an argument.",
        "",
        "Every command but migrate checks the schema (fetchq.schema.mode=validate) and never changes it."},
    subcommands = {
        QueuesCommand.class,
        StatsCommand.class,
        TasksCommand.class,
        ErrorsCommand.class,
        RetryCommand.class,
        RunNowCommand.class,
        CancelCommand.class,
        PauseCommand.class,
        ResumeCommand.class,
        DashboardCommand.class,
        MigrateCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  fetchq queues",
        "  fetchq tasks heroes --status KILLED --newest --limit 20",
        "  fetchq tasks heroes --status KILLED --json | jq -r '.tasks[].subject' \\",
        "    | fetchq retry heroes -",
        "  fetchq pause heroes    # ... deploy ...    fetchq resume heroes",
        "  fetchq dashboard --port 8080"})
final class FetchqCommand {
  /** Connections a command needs: one for its statements, one to spare. */
  private static final String POOL_SIZE = "2";
  /** The configuration keys the options set, to say which option broke a key's rule. */
  private static final Map<String, String> OPTIONS = Map.of(
      "fetchq.db.url", "--db-url",
      "fetchq.db.user", "--db-user",
      "fetchq.db.password", "--db-password-file",
      "fetchq.schema", "--schema",
      "fetchq.storage", "--storage");

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the result as JSON (one document; stats --watch: one per line).")
  boolean json;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Log at INFO to stderr (default: WARN).")
  boolean verbose;

  @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
      description = "The database, such as jdbc:postgresql://127.0.0.1:5432/app (fetchq.db.url).")
  String dbUrl;

  @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER",
      description = "The database user (fetchq.db.user).")
  String dbUser;

  @Option(names = "--db-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "A file whose first line is the database password (else FETCHQ_DB_PASSWORD).")
  Path dbPasswordFile;

  @Option(names = "--schema", scope = ScopeType.INHERIT, paramLabel = "SCHEMA",
      description = "The schema of Fetchq's tables (fetchq.schema; default fetchq).")
  String schema;

  @Option(names = "--storage", scope = ScopeType.INHERIT, paramLabel = "BACKEND",
      description = "The backend: postgres or partitioned (fetchq.storage; default postgres).")
  String storage;

  private final PrintStream stdout;

  FetchqCommand(PrintStream stdout) {
    this.stdout = stdout;
  }

  /** Where results go, in the format asked for. */
  Output output() {
    return new Output(stdout, json);
  }

  /** Logs at INFO with {@code --verbose}; the default WARN otherwise. */
  void applyVerbosity() {
    if (verbose) {
      Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
      if (root instanceof ch.qos.logback.classic.Logger logback) {
        logback.setLevel(Level.INFO);
      }
    }
  }

  /**
   * The configuration of this run: {@link FetchqConfig#load()}, the options over it, and what a
   * one-shot operator command needs (a small pool, the schema treated as {@code mode} says, no
   * maintenance, no shutdown hook).
   *
   * @throws ParameterException when an option's value breaks its key's rule (exit code 2)
   * @throws io.fetchq.core.ConfigurationException when the loaded configuration is unusable
   */
  FetchqConfig config(CommandSpec spec, SchemaMode mode) {
    FetchqConfig loaded = FetchqConfig.load();
    Map<String, String> options = new LinkedHashMap<>();
    putIfSet(options, "fetchq.db.url", dbUrl);
    putIfSet(options, "fetchq.db.user", dbUser);
    putIfSet(options, "fetchq.schema", schema);
    putIfSet(options, "fetchq.storage", storage);
    if (dbPasswordFile != null) {
      options.put("fetchq.db.password", password(spec, dbPasswordFile));
    }
    FetchqConfig configured;
    try {
      configured = loaded.with(options);
    } catch (io.fetchq.core.ConfigurationException e) {
      String problem = e.getMessage().replace(" (set in code)", "");
      for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
        problem = problem.replace(option.getKey() + ": ", option.getValue() + " ");
      }
      throw new ParameterException(spec.commandLine(), problem);
    }
    return configured.with(Map.of(
        "fetchq.db.pool-size", POOL_SIZE,
        "fetchq.schema.mode", mode.name().toLowerCase(java.util.Locale.ROOT),
        "fetchq.maintenance.enabled", "false",
        "fetchq.startup.timeout", "0s", // an operator's command reports an unreachable database at once
        "fetchq.shutdown.hook", "false"));
  }

  /**
   * A client that never starts workers or maintenance and fails fast: one attempt per call, so that
   * an unreachable database is reported at once (the pool gives up connecting after 5 s).
   */
  static Fetchq open(FetchqConfig config) {
    return Fetchq.builder()
        .config(config)
        .resilience(ResilienceSettings.defaults().maxAttempts(1))
        .shutdownHook(false)
        .build();
  }

  private static void putIfSet(Map<String, String> options, String key, String value) {
    if (value != null) {
      options.put(key, value);
    }
  }

  private static String password(CommandSpec spec, Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--db-password-file: " + file + " is empty");
      }
      return lines.get(0);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--db-password-file: cannot read " + file + " (" + e + ")");
    }
  }
}
