package io.fetchq.examples.heroes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@link HeroWorker} in its own JVM, started with this JVM's {@code java} and class path. Its
 * output is read line by line: {@code ready} and {@code tally ...} are understood, anything else is
 * shown with the worker's name in front.
 */
public final class WorkerProcess {
  private final String name;
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Map<String, Long> tally = new LinkedHashMap<>();
  private final Thread reader;

  private WorkerProcess(String name, Process process, PrintStream out) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(() -> read(out), name + "-output");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /**
   * Starts worker {@code name}: {@code java -cp <this class path> <jvmArguments> HeroWorker}, with
   * {@code environment} added to this process's (a null value removes the variable).
   */
  static WorkerProcess start(String name, List<String> jvmArguments, Map<String, String> environment, PrintStream out)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dcrawler.name=" + name);
    command.addAll(jvmArguments);
    command.add(HeroWorker.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    environment.forEach((key, value) -> {
      if (value == null) {
        builder.environment().remove(key);
      } else {
        builder.environment().put(key, value);
      }
    });
    return new WorkerProcess(name, builder.start(), out);
  }

  private void read(PrintStream out) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.equals("ready")) {
          ready.countDown();
        } else if (line.startsWith("tally ")) {
          parseTally(line.substring("tally ".length()));
        } else {
          out.println("  [" + name + "] " + line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private synchronized void parseTally(String pairs) {
    for (String pair : pairs.trim().split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        tally.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
      }
    }
  }

  /** Its name, such as {@code worker-1}. */
  public String name() {
    return name;
  }

  /** Its operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether it said {@code ready} within {@code limit} (false also when it died first). */
  boolean awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.await(100, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
    }
    return false;
  }

  /** Asks it to stop: it closes its client gracefully, prints its tally and exits. */
  void askToStop() {
    try {
      Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      in.write("stop\n");
      in.close();
    } catch (IOException e) {
      // it is gone already
    }
  }

  /** Waits for it to exit, killing it after {@code limit}; returns its exit code. */
  int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(2000);
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** Kills it if it still runs. */
  void kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** What it reported when it stopped (visited, gone, failed, pushed, added); empty before. */
  public synchronized Map<String, Long> tally() {
    return Map.copyOf(tally);
  }
}
