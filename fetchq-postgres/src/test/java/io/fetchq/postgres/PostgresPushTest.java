package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.PushConformance;

/** The push conformance suite against the postgres backend. */
class PostgresPushTest extends PushConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
