package io.fetchq.partitioned;

import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.BadInputConformance;

/**
 * The bad and hostile input suite against the partitioned backend with the JDBC driver in simple query
 * mode, where the driver writes bind values into the SQL text itself: quotes, backslashes, dollar
 * quotes and SQL in subjects and payloads must still round-trip and never run.
 */
class PartitionedSimpleQueryModeBadInputTest extends BadInputConformance {
  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }

  @Override
  protected StorageSettings settings(StorageSettings base) {
    String url = base.jdbcUrl();
    return new StorageSettings(url + (url.contains("?") ? "&" : "?") + "preferQueryMode=simple",
        base.user(), base.password(), null, base.schema(), base.schemaMode(), base.poolSize());
  }
}
