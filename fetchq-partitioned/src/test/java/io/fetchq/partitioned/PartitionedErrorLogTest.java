package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ErrorLogConformance;

/** The error log conformance suite against the partitioned backend. */
class PartitionedErrorLogTest extends ErrorLogConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
