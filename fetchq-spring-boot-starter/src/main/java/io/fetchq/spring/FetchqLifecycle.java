package io.fetchq.spring;

import io.fetchq.core.Fetchq;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the client (its workers, wake-ups and maintenance) when the application context starts,
 * and closes it gracefully when the context stops: no more picks, running handlers get {@code
 * fetchq.shutdown.grace} (or Spring's {@code spring.lifecycle.timeout-per-shutdown-phase}) to
 * finish, and the tasks still held are given back. Its phase is below the web server's, so the
 * workers run before requests arrive, and the client closes only after the server has stopped
 * taking requests and finished those under way (whose pushes still land). A closed client cannot
 * start again.
 */
final class FetchqLifecycle implements SmartLifecycle {
  /** Below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final Fetchq fetchq;
  private final WorkerBeans workers;
  private volatile boolean running;

  FetchqLifecycle(Fetchq fetchq, WorkerBeans workers) {
    this.fetchq = fetchq;
    this.workers = workers;
  }

  @Override
  public void start() {
    workers.resolve();
    fetchq.start();
    running = true;
  }

  @Override
  public void stop() {
    try {
      fetchq.close();
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
