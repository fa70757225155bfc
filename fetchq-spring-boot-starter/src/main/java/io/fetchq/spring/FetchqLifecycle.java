package io.fetchq.spring;

import io.fetchq.core.Fetchq;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the client (its workers, wake-ups and maintenance) once the application is ready (on
 * {@link ApplicationReadyEvent}: after every runner, so no handler runs in a half-started
 * application), and closes it gracefully when the context stops: no more picks, running handlers
 * get {@code fetchq.shutdown.grace} (or Spring's {@code spring.lifecycle.timeout-per-shutdown-phase})
 * to finish, and the tasks still held are given back. Its phase is below the web server's, so the
 * client closes only after the server has stopped taking requests and finished those under way
 * (whose pushes still land). Pushes work from the start; only the workers wait for readiness. A
 * closed client cannot start again.
 */
final class FetchqLifecycle implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {
  /** Below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final Fetchq fetchq;
  private final WorkerBeans workers;
  private volatile boolean running;
  private boolean started;

  FetchqLifecycle(Fetchq fetchq, WorkerBeans workers) {
    this.fetchq = fetchq;
    this.workers = workers;
  }

  /** The context started: the client is open for pushes; its workers wait for readiness. */
  @Override
  public void start() {
    running = true;
  }

  /** The application is ready: the workers start, once. */
  @Override
  public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
    if (started || !running) {
      return;
    }
    workers.resolve();
    fetchq.start();
    started = true;
  }

  @Override
  public synchronized void stop() {
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
