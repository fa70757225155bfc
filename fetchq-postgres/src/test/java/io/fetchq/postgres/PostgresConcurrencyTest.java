package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ConcurrencyConformance;

/** The concurrency conformance suite against the postgres backend. */
class PostgresConcurrencyTest extends ConcurrencyConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
