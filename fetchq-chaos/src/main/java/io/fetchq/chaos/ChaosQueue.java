package io.fetchq.chaos;

import io.fetchq.core.FetchqConfig;
import java.time.Duration;

/**
 * The one queue of a run and the client configuration every JVM of the run shares: a short lock,
 * so that stalled and killed workers' tasks come back soon, and a threshold no task reaches by
 * chance.
 */
record ChaosQueue(String backend, String dbUrl, String dbUser, String dbPassword) {
  static final String NAME = "chaos";
  static final Duration LOCK = Duration.ofSeconds(2);
  static final int MAX_ATTEMPTS = 50;
  static final String APPLICATION_PREFIX = "fetchq_chaos_";

  /** The schema of a run on {@code backend}: each backend has its own, recreated by each run. */
  String schema() {
    return "chaos_" + backend;
  }

  /** The JDBC URL with the application name that marks the connections of {@code role}. */
  String urlFor(String role) {
    return dbUrl + (dbUrl.contains("?") ? "&" : "?") + "ApplicationName=" + APPLICATION_PREFIX + role;
  }

  FetchqConfig config(String role, int poolSize, boolean maintenance) {
    return FetchqConfig.defaults()
        .withStorage(backend)
        .withDatabase(urlFor(role), dbUser, dbPassword)
        .withSchema(schema())
        .withPoolSize(poolSize)
        .with("fetchq.queue.max-attempts", Integer.toString(MAX_ATTEMPTS))
        .with("fetchq.queue.lock", LOCK.toMillis() + "ms")
        .with("fetchq.queue.retry.base", "50ms")
        .with("fetchq.queue.retry.max", "500ms")
        .with("fetchq.worker.idle.max", "250ms")
        .with("fetchq.maintenance.interval", "250ms")
        .with("fetchq.maintenance.enabled", Boolean.toString(maintenance));
  }
}
