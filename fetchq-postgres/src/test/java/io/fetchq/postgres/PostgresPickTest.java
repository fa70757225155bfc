package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.PickConformance;

/** The pick conformance suite against the postgres backend. */
class PostgresPickTest extends PickConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
