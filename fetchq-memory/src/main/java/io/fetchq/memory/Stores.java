package io.fetchq.memory;

/** Where a provider finds the store of a schema, and what becomes of it when a storage on it closes. */
interface Stores {

  /** The store of {@code schema}, made empty when there is none; a storage is opened on it. */
  MemoryStore open(String schema);

  /** A storage opened on {@code store}, the store of {@code schema}, was closed. */
  void closed(String schema, MemoryStore store);
}
