package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.UpsertConformance;

/** The upsert conformance suite against the partitioned backend. */
class PartitionedUpsertTest extends UpsertConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }
}
