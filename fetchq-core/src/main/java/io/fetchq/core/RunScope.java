package io.fetchq.core;

/** What a {@link WorkerObserver} keeps open while a handler runs; closed on the handler's thread. */
@FunctionalInterface
public interface RunScope extends AutoCloseable {
  /** A scope that does nothing. */
  RunScope NONE = () -> {};

  /** Ends the scope; never throws. */
  @Override
  void close();
}
