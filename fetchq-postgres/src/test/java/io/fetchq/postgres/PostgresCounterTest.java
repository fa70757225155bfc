package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.CounterConformance;

/** The counter conformance suite against the postgres backend. */
class PostgresCounterTest extends CounterConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
