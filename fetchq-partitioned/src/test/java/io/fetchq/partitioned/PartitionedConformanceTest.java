package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ConformanceSuite;

/** The whole storage conformance suite against the partitioned backend. */
class PartitionedConformanceTest extends ConformanceSuite {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
