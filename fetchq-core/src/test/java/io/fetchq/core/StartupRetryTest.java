package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.StorageException;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TcpProxy;
import io.fetchq.tck.TestDatabase;
import java.net.ConnectException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A client started while its database is unreachable or restarting waits for it, trying again with
 * growing pauses until {@code fetchq.startup.timeout}; a failure that waiting cannot mend (a
 * password refused, no such database, bad settings) is thrown at once. Found by the chaos run of
 * issue 21: 5 of 7 workers restarted by a process manager during a PostgreSQL restart failed in
 * build() with "Connection is closed" and never tried again.
 */
class StartupRetryTest {
  private static final TestFetchq db = new TestFetchq("startup_retry");

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  /** A backend whose every open fails with {@code state}, counting the opens. */
  private static final class FailingProvider implements StorageProvider {
    final AtomicInteger opens = new AtomicInteger();
    private final String state;

    FailingProvider(String state) {
      this.state = state;
    }

    @Override
    public String name() {
      return "failing";
    }

    @Override
    public Storage open(StorageSettings settings) {
      opens.incrementAndGet();
      throw new StorageException("open failed [SQLSTATE " + state + "]", state, false,
          new SQLException("server said no", state));
    }
  }

  private static Throwable buildWith(FailingProvider provider, String timeout) {
    FetchqConfig config = FetchqConfig.defaults()
        .withDatabase("jdbc:postgresql://127.0.0.1:1/nowhere", null, null)
        .with("fetchq.startup.timeout", timeout);
    return catchThrowable(() -> Fetchq.builder().config(config).storage(provider).build());
  }

  @Test
  void aDatabaseThatRefusesConnectionsIsTriedAgainUntilTheTimeout() {
    FailingProvider refusing = new FailingProvider("08001");
    long started = System.nanoTime();

    Throwable thrown = buildWith(refusing, "1s");

    assertThat(thrown).isInstanceOf(StorageException.class).hasMessageContaining("08001");
    assertThat(refusing.opens.get()).as("opens within a second of 100, 200, 400 ms pauses").isBetween(3, 6);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aFailureThatWaitingCannotMendIsThrownAtOnce() {
    for (String state : new String[] {"28P01", "3D000", "42501"}) {
      FailingProvider refusing = new FailingProvider(state);

      Throwable thrown = buildWith(refusing, "30s");

      assertThat(thrown).as(state).isInstanceOf(StorageException.class);
      assertThat(refusing.opens.get()).as("opens after %s", state).isEqualTo(1);
    }
  }

  @Test
  void failuresAreJudgedByTheFirstCauseThatTells() {
    assertThat(StartupRetry.waitingMayMend(new RuntimeException("pool", new SQLException("Connection is closed", "08003"))))
        .isTrue();
    assertThat(StartupRetry.waitingMayMend(new MigrationFailure("schema could not be migrated",
        new SQLException("the database system is starting up", "57P03")))).isTrue();
    assertThat(StartupRetry.waitingMayMend(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
    assertThat(StartupRetry.waitingMayMend(new SQLException("password authentication failed", "28P01"))).isFalse();
    assertThat(StartupRetry.waitingMayMend(new InvalidArgumentException("jdbcUrl", "must be set"))).isFalse();
    assertThat(StartupRetry.waitingMayMend(new IllegalStateException("a bug"))).isFalse();
  }

  /**
   * A migration whose pooled connection was closed under it (its server connection cut while a
   * restarted worker migrated, in a chaos run) fails with HikariCP's "Connection is closed", which
   * carries no SQLSTATE: waiting mends it. (It was thrown at once, and the worker JVM exited.)
   */
  @Test
  void aPooledConnectionClosedUnderTheMigrationIsTriedAgain() throws Exception {
    SQLException closed;
    try (HikariDataSource pool = TestFetchq.usersPool("closed-under-the-migration", 1)) {
      Connection connection = pool.getConnection();
      connection.close();
      closed = (SQLException) catchThrowable(connection::createStatement);
    }
    assertThat((Throwable) closed).hasMessageContaining("Connection is closed");

    assertThat(StartupRetry.waitingMayMend(new MigrationFailure("schema could not be migrated",
        new RuntimeException("Unable to read database connection metadata", closed)))).isTrue();
    assertThat(StartupRetry.waitingMayMend(new SQLException("no state and nothing said of the connection"))).isFalse();
  }

  /** A failure wrapped as the backend wraps its migration's. */
  private static final class MigrationFailure extends io.fetchq.FetchqException {
    MigrationFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Test
  void aClientStartedWhileItsDatabaseIsDownStartsOnceItIsBack() throws Exception {
    TestDatabase.Info info = TestDatabase.get();
    URI target = URI.create(info.jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort()).start()) {
      proxy.stop();
      String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath();
      FetchqConfig config = db.config().withDatabase(url, info.user(), info.password())
          .with("fetchq.startup.timeout", "30s");
      long started = System.nanoTime();
      CompletableFuture<Fetchq> building =
          CompletableFuture.supplyAsync(() -> Fetchq.builder().config(config).queue("back").build());

      Thread.sleep(1_500);
      assertThat(building).as("build() while the database is unreachable").isNotDone();
      proxy.start();

      try (Fetchq fetchq = building.get(30, TimeUnit.SECONDS)) {
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        assertThat(fetchq.queue("back").push(NewTask.of("it-works"))).isTrue();
      }
    }
  }
}
