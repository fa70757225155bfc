package io.fetchq.postgres;

import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.ConformanceSuite;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The whole storage conformance suite against the postgres backend on a Citus coordinator: the
 * backend finds the extension and distributes its tables (docs/scaling.md). Runs when {@code
 * FETCHQ_TEST_CITUS_URL} names the coordinator (user from {@code FETCHQ_TEST_CITUS_USER}, default
 * {@code postgres}); Citus is not installable from this project's package registries, so CI runs
 * it only where one is given.
 */
@EnabledIfEnvironmentVariable(named = CitusCluster.URL, matches = ".+",
    disabledReason = "set FETCHQ_TEST_CITUS_URL to a Citus coordinator to run the suite on Citus")
class CitusConformanceTest extends ConformanceSuite {
  @Override
  protected StorageProvider provider() {
    return new PostgresStorageProvider();
  }

  @Override
  protected StorageSettings settings(StorageSettings base) {
    return CitusCluster.settings().schema(base.schema());
  }
}
