package io.fetchq.chaos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker JVMs of a run, one per slot, each started from this program's own jar. A worker that
 * was killed comes back after a pause; one that died by itself comes back at once (and is counted).
 * Each start of a slot writes a history file and a log of its own in the run's directory.
 */
final class WorkerProcesses {
  private final List<String> workerArguments;
  private final Path directory;
  private final String password;
  private final Process[] processes;
  private final long[] downUntil;
  private final int[] starts;
  private int unexpectedExits;
  private volatile boolean closing;
  private final Thread watcher;

  WorkerProcesses(int workers, List<String> workerArguments, Path directory, String password) {
    this.workerArguments = workerArguments;
    this.directory = directory;
    this.password = password;
    this.processes = new Process[workers];
    this.downUntil = new long[workers];
    this.starts = new int[workers];
    for (int slot = 0; slot < workers; slot++) {
      start(slot);
    }
    watcher = new Thread(this::watch, "chaos-workers");
    watcher.setDaemon(true);
    watcher.start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::killLeftOver, "chaos-workers-left-over"));
  }

  /** When the orchestrator itself is stopped (Ctrl-C) before the end: no worker outlives it. */
  private void killLeftOver() {
    closing = true;
    for (Process process : processes) {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  int size() {
    return processes.length;
  }

  synchronized long pid(int slot) {
    return processes[slot].pid();
  }

  /** Kills the worker of {@code slot} with SIGKILL; it is started again after {@code pause}. */
  synchronized long kill(int slot, long pauseMillis) throws InterruptedException {
    Process process = processes[slot];
    downUntil[slot] = System.currentTimeMillis() + pauseMillis;
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    return process.pid();
  }

  /** Sends {@code signal} (STOP or CONT) to the worker of {@code slot}. */
  synchronized long signal(int slot, String signal) throws IOException, InterruptedException {
    long pid = processes[slot].pid();
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    return pid;
  }

  synchronized int unexpectedExits() {
    return unexpectedExits;
  }

  private void watch() {
    while (!closing) {
      synchronized (this) {
        for (int slot = 0; slot < processes.length && !closing; slot++) {
          if (processes[slot].isAlive() || System.currentTimeMillis() < downUntil[slot]) {
            continue;
          }
          if (downUntil[slot] == 0) {
            unexpectedExits++;
            System.out.printf("worker %d exited by itself (code %d); starting it again%n", slot,
                processes[slot].exitValue());
          }
          downUntil[slot] = 0;
          start(slot);
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void start(int slot) {
    int start = ++starts[slot];
    String name = "w" + slot + "_" + start;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar());
    command.add("worker");
    command.add("--name=" + name);
    command.add("--history=" + directory.resolve("history-" + name + ".tsv"));
    command.add("--seed=" + (slot * 1_000L + start));
    command.addAll(workerArguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (password != null) {
      builder.environment().put(RunCommand.PASSWORD_VARIABLE, password);
    }
    builder.redirectErrorStream(true).redirectOutput(directory.resolve("worker-" + name + ".log").toFile());
    try {
      processes[slot] = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jar() {
    try {
      return new File(WorkerProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops every worker gracefully (SIGTERM: its client finishes or releases what it holds). */
  void stop() throws InterruptedException {
    closing = true;
    watcher.interrupt();
    watcher.join();
    synchronized (this) {
      for (Process process : processes) {
        process.destroy();
      }
      for (Process process : processes) {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
  }
}
