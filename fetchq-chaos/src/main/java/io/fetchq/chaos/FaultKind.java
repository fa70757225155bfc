package io.fetchq.chaos;

/** The faults a run injects. */
enum FaultKind {
  /** kill -9 of a worker JVM, started again after a pause. */
  KILL_WORKER,
  /** pg_terminate_backend of every connection of the run's clients. */
  TERMINATE_CONNECTIONS,
  /** the configured PostgreSQL restart command. */
  RESTART_POSTGRES,
  /** SIGSTOP of a worker JVM for longer than the queue's lock, then SIGCONT. */
  STALL_WORKER,
  /** every connection the server allows taken, held a few seconds, then given back. */
  FULL_POOL
}
