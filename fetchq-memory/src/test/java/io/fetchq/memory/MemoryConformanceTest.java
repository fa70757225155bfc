package io.fetchq.memory;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ConformanceSuite;

/** The whole storage conformance suite against the memory backend, with no database. */
class MemoryConformanceTest extends ConformanceSuite {
  @Override
  protected StorageProvider provider() {
    return new MemoryStorageProvider();
  }
}
