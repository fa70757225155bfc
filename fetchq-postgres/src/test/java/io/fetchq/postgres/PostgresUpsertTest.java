package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.UpsertConformance;

/** The upsert conformance suite against the postgres backend. */
class PostgresUpsertTest extends UpsertConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
