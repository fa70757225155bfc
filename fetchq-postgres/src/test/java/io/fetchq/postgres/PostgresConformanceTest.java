package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ConformanceSuite;

/** The whole storage conformance suite against the postgres backend. */
class PostgresConformanceTest extends ConformanceSuite {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
