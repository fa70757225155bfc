package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.SettleConformance;

/** The settle conformance suite against the postgres backend. */
class PostgresSettleTest extends SettleConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
