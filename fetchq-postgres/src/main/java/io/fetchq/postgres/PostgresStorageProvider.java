package io.fetchq.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.fetchq.InvalidArgumentException;
import io.fetchq.TaskStatus;
import io.fetchq.internal.Require;
import io.fetchq.spi.SchemaMode;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.sql.SQLException;
import java.time.Instant;
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
 * PostgreSQL 14 or later. Opening it applies (or checks) its Flyway migrations in the configured
 * schema.
 *
 * <p>Made with another {@link TableLayout}, it is that layout's backend: the same statements,
 * pool, listeners, migrations and failure handling over the layout's tables ({@code
 * fetchq-partitioned} is one).
 */
public class PostgresStorageProvider implements StorageProvider {
  public static final String NAME = "postgres";

  private final TableLayout layout;
  private final boolean routedAlways;

  /** The {@code postgres} backend. */
  public PostgresStorageProvider() {
    this(new PlainLayout());
  }

  /** The backend of {@code layout}, named by it. */
  protected PostgresStorageProvider(TableLayout layout) {
    this(layout, false);
  }

  /**
   * The backend of {@code layout}; with {@code routedAlways}, it runs the statements made for Citus
   * on any server (for the tests of those statements on plain PostgreSQL).
   */
  PostgresStorageProvider(TableLayout layout, boolean routedAlways) {
    this.layout = Require.notNull("layout", layout);
    this.routedAlways = routedAlways;
  }

  @Override
  public final String name() {
    return layout.name();
  }

  /** {@inheritDoc} Refuses settings that name no database before it touches anything. */
  @Override
  public final Storage open(StorageSettings settings) {
    Require.notNull("settings", settings);
    if (settings.jdbcUrl() == null && settings.dataSource() == null) {
      throw new InvalidArgumentException(
          "jdbcUrl", "the " + name() + " backend needs a database: set jdbcUrl or dataSource");
    }
    HikariDataSource pool = settings.dataSource() == null ? pool(settings) : null;
    DataSource dataSource = pool == null ? settings.dataSource() : pool;
    try {
      SqlSessionFactory sessions = sessions(dataSource, settings.schema(), layout);
      boolean citus = settings.schemaMode() != SchemaMode.NONE && CitusDistribution.installed(sessions);
      if (citus) {
        CitusDistribution.checkSupported(layout);
      }
      SchemaSetup.apply(dataSource, settings.schema(), settings.schemaMode(), layout);
      if (citus && settings.schemaMode() == SchemaMode.MIGRATE) {
        CitusDistribution.distribute(sessions, settings.schema(), layout.tables());
      }
      TableLayout.Queues queues = layout.open(sessions, settings.schema());
      return new PostgresStorage(sessions, QueueIds.over(sessions), queues, pool, listenerConnection(settings),
          citus || routedAlways);
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
   */
  private static ListenerConnection listenerConnection(StorageSettings settings) {
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

  /** The backend's own pool for settings with a URL. */
  private static HikariDataSource pool(StorageSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("fetchq-" + settings.schema());
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setAutoCommit(true);
    // operators see whose connections these are; an ApplicationName in the URL wins
    config.addDataSourceProperty("ApplicationName", config.getPoolName());
    // a statement the server refuses is not a broken connection: keep it (HikariCP evicts on 0A000)
    config.setExceptionOverride(new SQLExceptionOverride() {
      @java.lang.Override
      public SQLExceptionOverride.Override adjudicate(SQLException failure) {
        return SqlFailures.keepsConnection(failure)
            ? SQLExceptionOverride.Override.DO_NOT_EVICT
            : SQLExceptionOverride.Override.CONTINUE_EVICT;
      }
    });
    // fail fast while the database is down: the runtime retries with backoff and pauses
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /**
   * MyBatis over the data source with the shared mappers and the layout's, the schema, the table
   * names and the status and outcome codes substituted into the mapper XML at load.
   */
  static SqlSessionFactory sessions(DataSource dataSource, String schema, TableLayout layout) {
    Configuration configuration =
        new Configuration(new Environment(layout.name(), new JdbcTransactionFactory(), dataSource));
    Properties variables = new Properties();
    variables.setProperty("schema", schema);
    variables.putAll(layout.tables().statementVariables());
    variables.putAll(SqlCodes.variables());
    configuration.setVariables(variables);
    configuration.setCacheEnabled(false);
    configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
    configuration.setJdbcTypeForNull(JdbcType.NULL);
    // registered as instances, so that MyBatis needs no public constructor to make them
    configuration.getTypeHandlerRegistry().register(Instant.class, new InstantTypeHandler());
    configuration.getTypeHandlerRegistry().register(TaskStatus.class, new TaskStatusTypeHandler());
    configuration.addMapper(QueueMapper.class);
    configuration.addMapper(TaskMapper.class);
    configuration.addMapper(ErrorMapper.class);
    configuration.addMapper(NotificationMapper.class);
    configuration.addMapper(CitusMapper.class);
    for (Class<?> mapper : layout.mappers()) {
      configuration.addMapper(mapper);
    }
    return new SqlSessionFactoryBuilder().build(configuration);
  }
}
