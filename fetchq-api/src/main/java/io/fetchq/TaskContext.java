package io.fetchq;

import java.time.Duration;
import java.util.Optional;

/** What a running {@link Handler} may use besides its task: queues, its lease, and the user's services. */
public interface TaskContext {

  /** The queue named {@code name}, to push the work this run discovers. */
  Queue queue(String name);

  /** The lease that fences this run; usable as an idempotency key downstream. */
  long lease();

  /** The attempt this run is: 1 for the first try since the last success. */
  int attempt();

  /** Whether the lock expired and the run may have been handed to another worker. */
  boolean leaseLost();

  /** Holds the task for {@code lock} more from now; false when the lease is already lost. */
  boolean extendLock(Duration lock);

  /** A service the user registered under this type, if any. */
  <T> Optional<T> service(Class<T> type);
}
