package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.PickConformance;

/** The pick conformance suite against the partitioned backend. */
class PartitionedPickTest extends PickConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
