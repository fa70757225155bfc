package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.ConformanceSuite;

/**
 * The whole conformance suite against the postgres backend running the statements it runs on Citus
 * (the routed push), on the test database: so that CI, which has no Citus, checks their behaviour.
 */
class RoutedStatementsConformanceTest extends ConformanceSuite {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider(new PlainLayout(), true);
  }
}
