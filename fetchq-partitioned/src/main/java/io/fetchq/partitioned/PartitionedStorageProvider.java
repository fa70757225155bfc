package io.fetchq.partitioned;

import com.zaxxer.hikari.HikariDataSource;
import io.fetchq.internal.Require;
import io.fetchq.postgres.PostgresStorage;
import io.fetchq.postgres.PostgresStorageProvider;
import io.fetchq.postgres.QueueIds;
import io.fetchq.postgres.SchemaSetup;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The {@code partitioned} backend: the same contract as {@code postgres}, on tables partitioned by
 * queue (each queue's partition hashed by subject) and an error log partitioned by day, on
 * PostgreSQL 14 or later. Opening it applies (or checks) its own Flyway migrations, recorded in
 * their own history table, and makes the error log's days ahead.
 */
public final class PartitionedStorageProvider implements StorageProvider {
  public static final String NAME = "partitioned";

  static final String LOCATION = "classpath:io/fetchq/partitioned/migration";
  static final String HISTORY_TABLE = "fetchq_partitioned_schema_history";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Storage open(StorageSettings settings) {
    Require.notNull("settings", settings);
    HikariDataSource pool = settings.dataSource() == null ? PostgresStorageProvider.pool(settings) : null;
    DataSource dataSource = pool == null ? settings.dataSource() : pool;
    try {
      SchemaSetup.apply(dataSource, settings.schema(), settings.schemaMode(), LOCATION, HISTORY_TABLE);
      SqlSessionFactory sessions = PostgresStorageProvider.sessions(
          dataSource, settings.schema(), PartitionedStorage.TABLES, PartitionMapper.class);
      Partitions partitions = new Partitions(sessions, settings.schema());
      partitions.prepare();
      QueueIds queueIds = QueueIds.over(sessions);
      PostgresStorage shared =
          new PostgresStorage(sessions, queueIds, pool, PostgresStorageProvider.listenerConnection(settings));
      return new PartitionedStorage(
          sessions, queueIds, shared, partitions, new Retirement(sessions, settings.schema()));
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
  }
}
