package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.FencingConformance;

/** The fencing conformance suite against the postgres backend. */
class PostgresFencingTest extends FencingConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
