package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.FencingConformance;

/** The fencing conformance suite against the partitioned backend. */
class PartitionedFencingTest extends FencingConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
