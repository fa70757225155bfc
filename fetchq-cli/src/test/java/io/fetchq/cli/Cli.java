package io.fetchq.cli;

import io.fetchq.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code fetchq.jar} run as a real process, configured as an operator would: through
 * {@code FETCHQ_*} environment variables pointing at the test database and a schema (none inherited
 * from the test's own environment).
 */
final class Cli {
  /** Quick-starting JVM flags: the command runs for a second, the C2 compiler would not pay off. */
  private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xss512k");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path jar;
  private final String schema;

  /** The result of one run. */
  record Run(int exit, String stdout, String stderr, Duration took) {
    @Override
    public String toString() {
      return "exit " + exit + " after " + took.toMillis() + " ms\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  Cli(String schema) {
    this.jar = Path.of(System.getProperty("fetchq.cli.jar", "target/fetchq.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: these tests run after package (mvn verify)");
    }
    this.schema = schema;
  }

  /** Runs {@code fetchq args...} with nothing on stdin and waits for it to end. */
  Run run(String... args) {
    return runWithInput("", args);
  }

  /** Runs {@code fetchq args...} with {@code stdin} as its input and waits for it to end. */
  Run runWithInput(String stdin, String... args) {
    long start = System.nanoTime();
    Process process = start(args);
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the command may end without reading its input
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("fetchq " + String.join(" ", args) + " did not end within " + TIMEOUT);
      }
      return new Run(process.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Starts {@code fetchq args...}; the caller reads its output and ends it. */
  Process start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("FETCHQ_"));
    TestDatabase.Info db = TestDatabase.get();
    env.put("FETCHQ_DB_URL", db.jdbcUrl());
    if (db.user() != null) {
      env.put("FETCHQ_DB_USER", db.user());
    }
    if (db.password() != null) {
      env.put("FETCHQ_DB_PASSWORD", db.password());
    }
    env.put("FETCHQ_SCHEMA", schema);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  /** Reads a stream to its end on a thread of its own (the common pool may have one thread only). */
  private static CompletableFuture<String> drain(InputStream stream) {
    Executor ownThread = task -> {
      Thread thread = new Thread(task, "fetchq-cli-output");
      thread.setDaemon(true);
      thread.start();
    };
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        stream.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, ownThread);
  }
}
