package io.fetchq.examples.heroes;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The crawler's worker processes: started together, stopped together, never left behind. */
public final class WorkerProcesses implements AutoCloseable {
  private final List<WorkerProcess> processes;

  private WorkerProcesses(List<WorkerProcess> processes) {
    this.processes = List.copyOf(processes);
  }

  /**
   * Starts {@code count} workers named {@code worker-1...} and waits until each says it is ready.
   *
   * @throws IllegalStateException when one does not get ready within a minute
   */
  static WorkerProcesses start(int count, List<String> jvmArguments, Map<String, String> environment, PrintStream out)
      throws IOException, InterruptedException {
    List<WorkerProcess> started = new ArrayList<>();
    try {
      for (int i = 1; i <= count; i++) {
        started.add(WorkerProcess.start("worker-" + i, jvmArguments, environment, out));
      }
      for (WorkerProcess worker : started) {
        if (!worker.awaitReady(Duration.ofMinutes(1))) {
          throw new IllegalStateException(worker.name() + " did not start; its output is above");
        }
      }
      return new WorkerProcesses(started);
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.forEach(WorkerProcess::kill);
      throw e;
    }
  }

  /** The processes, in the order they were started. */
  public List<WorkerProcess> processes() {
    return processes;
  }

  /** Asks every worker to stop and waits for each (killing one that takes longer than {@code grace}); returns how many exited cleanly. */
  int stop(Duration grace) throws InterruptedException {
    processes.forEach(WorkerProcess::askToStop);
    int clean = 0;
    for (WorkerProcess worker : processes) {
      if (worker.awaitExit(grace) == 0) {
        clean++;
      }
    }
    return clean;
  }

  /** Kills any worker still running. */
  @Override
  public void close() {
    processes.forEach(WorkerProcess::kill);
  }
}
