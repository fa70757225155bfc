package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.BadInputConformance;

/** The bad input conformance suite against the postgres backend. */
class PostgresBadInputTest extends BadInputConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
