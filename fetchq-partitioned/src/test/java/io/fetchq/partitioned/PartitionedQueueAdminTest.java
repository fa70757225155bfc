package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.QueueAdminConformance;

/** The queue admin conformance suite against the partitioned backend. */
class PartitionedQueueAdminTest extends QueueAdminConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
