package io.fetchq.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fetchq.internal.Require;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.apache.ibatis.type.JdbcType;

/**
 * The {@code postgres} backend: all queues in one table of tasks with partial indexes, on plain
 * PostgreSQL 13 or later. Opening it applies (or checks) its Flyway migrations in the configured
 * schema.
 */
public final class PostgresStorageProvider implements StorageProvider {
  public static final String NAME = "postgres";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Storage open(StorageSettings settings) {
    Require.notNull("settings", settings);
    HikariDataSource pool = settings.dataSource() == null ? pool(settings) : null;
    DataSource dataSource = pool == null ? settings.dataSource() : pool;
    try {
      SchemaSetup.apply(
          dataSource, settings.schema(), settings.schemaMode(), SchemaSetup.LOCATION, SchemaSetup.HISTORY_TABLE);
      SqlSessionFactory sessions = sessions(dataSource, settings.schema(), TableNames.POSTGRES);
      return new PostgresStorage(sessions, QueueIds.over(sessions), pool, listenerConnection(settings));
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
  }

  /**
   * With a URL, listeners get connections of their own outside the pool, so that a long LISTEN
   * never takes a worker's connection; with the user's data source, they borrow one from it.
   * Public for fetchq-partitioned, which opens its connections the same way.
   */
  public static ListenerConnection listenerConnection(StorageSettings settings) {
    if (settings.dataSource() != null) {
      return settings.dataSource()::getConnection;
    }
    Properties properties = new Properties();
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    properties.setProperty("ApplicationName", "fetchq-listener");
    Driver driver = new Driver();
    return () -> driver.connect(settings.jdbcUrl(), properties);
  }

  /** The backend's own pool for settings with a URL; public for fetchq-partitioned. */
  public static HikariDataSource pool(StorageSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("fetchq-" + settings.schema());
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setAutoCommit(true);
    // fail fast while the database is down: the runtime retries with backoff and pauses
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /**
   * MyBatis over the data source with this backend's mappers and {@code moreMappers}, the schema and
   * table names substituted into the mapper XML at load. Public for fetchq-partitioned, which loads
   * the same mappers with its own table names and adds its own.
   */
  public static SqlSessionFactory sessions(
      DataSource dataSource, String schema, TableNames tables, Class<?>... moreMappers) {
    Configuration configuration =
        new Configuration(new Environment(NAME, new JdbcTransactionFactory(), dataSource));
    configuration.setVariables(tables.variables(schema));
    configuration.setCacheEnabled(false);
    configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
    configuration.setJdbcTypeForNull(JdbcType.NULL);
    configuration.addMapper(QueueMapper.class);
    configuration.addMapper(TaskMapper.class);
    configuration.addMapper(ErrorMapper.class);
    configuration.addMapper(NotificationMapper.class);
    for (Class<?> mapper : moreMappers) {
      configuration.addMapper(mapper);
    }
    return new SqlSessionFactoryBuilder().build(configuration);
  }
}
