package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.PushConformance;

/** The push conformance suite against the partitioned backend. */
class PartitionedPushTest extends PushConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
