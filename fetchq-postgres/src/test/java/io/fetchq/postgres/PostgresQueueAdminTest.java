package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.QueueAdminConformance;

/** The queue admin conformance suite against the postgres backend. */
class PostgresQueueAdminTest extends QueueAdminConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
