package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.NotificationConformance;

/** The notification conformance suite against the partitioned backend. */
class PartitionedNotificationTest extends NotificationConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
