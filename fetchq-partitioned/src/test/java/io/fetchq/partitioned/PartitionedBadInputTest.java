package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.BadInputConformance;

/** The bad input conformance suite against the partitioned backend. */
class PartitionedBadInputTest extends BadInputConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
