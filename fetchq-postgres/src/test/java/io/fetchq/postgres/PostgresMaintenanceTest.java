package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.MaintenanceConformance;

/** The maintenance conformance suite against the postgres backend. */
class PostgresMaintenanceTest extends MaintenanceConformance {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }
}
