package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ConcurrencyConformance;

/** The concurrency conformance suite against the partitioned backend. */
class PartitionedConcurrencyTest extends ConcurrencyConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
