package io.fetchq.core;

import io.fetchq.Queue;

/** Finds a queue handle by name. */
@FunctionalInterface
interface QueueDirectory {

  /** The handle of the queue {@code name}; the queue itself need not exist yet. */
  Queue queue(String name);
}
