package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ErrorLogConformance;

/** The error log conformance suite against the postgres backend. */
class PostgresErrorLogTest extends ErrorLogConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
