package io.fetchq.chaos;

import io.fetchq.core.Fetchq;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One worker JVM of a run, started by {@code run}: works the chaos queue until it is stopped
 * (SIGTERM closes the client gracefully) or killed, recording each run in its history file.
 */
@Command(name = "worker", description = "One worker JVM (started by run; not meant to be started by hand).")
final class WorkerCommand implements Runnable {
  @Option(names = "--backend", required = true) String backend;
  @Option(names = "--db-url", required = true) String dbUrl;
  @Option(names = "--db-user", defaultValue = "postgres") String dbUser;
  @Option(names = "--name", required = true, description = "this JVM's name: its connections' application name") String name;
  @Option(names = "--history", required = true, description = "the history file to append to") Path historyPath;
  @Option(names = "--concurrency", defaultValue = "4") int concurrency;
  @Option(names = "--failure-rate", defaultValue = "0.05") double failureRate;
  @Option(names = "--max-work-ms", defaultValue = "20") int maxWorkMillis;
  @Option(names = "--seed", defaultValue = "1") long seed;

  @Override
  public void run() {
    ChaosQueue queue = new ChaosQueue(backend, dbUrl, dbUser, System.getenv(RunCommand.PASSWORD_VARIABLE));
    HistoryFile history = new HistoryFile(historyPath);
    Fetchq fetchq = Fetchq.builder()
        .config(queue.config(name, concurrency + 2, true))
        .queue(ChaosQueue.NAME, q -> q.maxAttempts(ChaosQueue.MAX_ATTEMPTS).lock(ChaosQueue.LOCK))
        .worker(ChaosQueue.NAME, new ChaosHandler(history, failureRate, maxWorkMillis, seed),
            w -> w.concurrency(concurrency).batch(concurrency * 2))
        .shutdownHook(false)
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        fetchq.close();
        history.close();
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        stopped.countDown();
      }
    }, "chaos-worker-stop"));
    fetchq.start();
    System.out.println("worker " + name + " started, pid " + ProcessHandle.current().pid());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
