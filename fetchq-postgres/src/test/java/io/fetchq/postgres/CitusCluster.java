package io.fetchq.postgres;

import io.fetchq.spi.StorageSettings;

/** The Citus coordinator the Citus tests run against, named by the environment. */
final class CitusCluster {
  static final String URL = "FETCHQ_TEST_CITUS_URL";

  private CitusCluster() {}

  /** Settings for the coordinator, with the defaults for everything else. */
  static StorageSettings settings() {
    String user = System.getenv("FETCHQ_TEST_CITUS_USER");
    return StorageSettings.of(System.getenv(URL), user == null || user.isBlank() ? "postgres" : user,
        System.getenv("FETCHQ_TEST_CITUS_PASSWORD"));
  }
}
