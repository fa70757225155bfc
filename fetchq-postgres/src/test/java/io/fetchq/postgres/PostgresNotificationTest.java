package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.NotificationConformance;

/** The notification conformance suite against the postgres backend. */
class PostgresNotificationTest extends NotificationConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
