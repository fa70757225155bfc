package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.tck.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class of the test classpath in a JVM of its own, with the test database's URL, user
 * and schema as its first arguments (the password goes through the environment), its output
 * going to a log file.
 */
final class ChildJvm {
  private static final String PASSWORD_VARIABLE = "FETCHQ_CHILD_DB_PASSWORD";

  private ChildJvm() {}

  static Process start(Class<?> main, String schema, Path log, String... args) throws IOException {
    String classpath = System.getProperty("java.class.path");
    String testClasses =
        new File(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getAbsolutePath();
    assertThat(classpath)
        .as("the test classpath (surefire must not use a manifest-only jar)")
        .contains(testClasses);
    TestDatabase.Info info = TestDatabase.get();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(classpath);
    command.add(main.getName());
    command.add(info.jdbcUrl());
    command.add(info.user());
    command.add(schema);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(PASSWORD_VARIABLE, info.password());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  /** In the child: the configuration of a client on the parent's test schema, from its first three arguments. */
  static FetchqConfig config(String[] args) {
    return FetchqConfig.defaults()
        .withDatabase(args[0], args[1], System.getenv(PASSWORD_VARIABLE))
        .withSchema(args[2])
        .withPoolSize(4)
        .with("fetchq.maintenance.interval", "50ms")
        .with("fetchq.worker.idle.max", "200ms");
  }
}
