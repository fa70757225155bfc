package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.MaintenanceConformance;

/** The maintenance conformance suite against the partitioned backend. */
class PartitionedMaintenanceTest extends MaintenanceConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
