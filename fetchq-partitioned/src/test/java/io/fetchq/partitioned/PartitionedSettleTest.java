package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.SettleConformance;

/** The settle conformance suite against the partitioned backend. */
class PartitionedSettleTest extends SettleConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
