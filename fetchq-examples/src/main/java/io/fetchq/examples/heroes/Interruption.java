package io.fetchq.examples.heroes;

/**
 * Cleans up after a launcher stopped with Ctrl-C: a JVM shutdown hook that kills the worker
 * processes and drops the demo's schema, for as long as it is open. (Worker processes also stop by
 * themselves when the launcher's end of their input closes.)
 */
final class Interruption implements AutoCloseable {
  private final Thread hook;

  private Interruption(Thread hook) {
    this.hook = hook;
  }

  static Interruption cleanUp(WorkerProcesses workers, Runnable dropSchema) {
    Thread hook = new Thread(() -> {
      workers.close();
      try {
        dropSchema.run();
      } catch (RuntimeException e) {
        // the database may be going away too
      }
    }, "hero-demo-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    return new Interruption(hook);
  }

  /** What to tell the user about it. */
  String hint() {
    return "; Ctrl-C stops them and drops the schema";
  }

  /** The run ended normally: no hook needed. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and the hook runs
    }
  }
}
