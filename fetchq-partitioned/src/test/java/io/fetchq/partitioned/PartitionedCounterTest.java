package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.CounterConformance;

/** The counter conformance suite against the partitioned backend. */
class PartitionedCounterTest extends CounterConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
