package io.fetchq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.QueueNotFoundException;
import io.fetchq.StorageException;
import io.fetchq.core.ConfigurationException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Each failure is read from its whole chain of causes into the exit code it stands for. */
class FailureTest {

  @Test
  void aMissingQueueAnywhereInTheChainIs3() {
    Failure failure = Failure.of(new FetchqException("wrapped", new QueueNotFoundException("heroes")));
    assertThat(failure).isEqualTo(new Failure(ExitCode.QUEUE_NOT_FOUND, "queue not found: heroes"));
  }

  @Test
  void aConnectionThatCannotBeMadeIs4WithTheDriversMessage() {
    SQLException refused = new SQLException("Connection to 127.0.0.1:1 refused.", "08001",
        new ConnectException("Connection refused"));
    Failure failure = Failure.of(new RuntimeException("Failed to initialize pool", refused));
    assertThat(failure.exit()).isEqualTo(ExitCode.DATABASE_UNAVAILABLE);
    assertThat(failure.message()).contains("Connection to 127.0.0.1:1 refused.");
    assertThat(Failure.of(new StorageException("login refused", "28P01", false, null)).exit())
        .isEqualTo(ExitCode.DATABASE_UNAVAILABLE);
  }

  @Test
  void aSchemaThatFailsValidationIs5AndSaysToMigrate() {
    Failure failure = Failure.of(new FetchqException("schema app could not be validated: Validate failed:"
        + " Migrations have failed validation\nDetected resolved migration not applied to database: 1. To fix"
        + " this error, either run migrate, or set -ignoreMigrationPatterns='*:pending'."));
    assertThat(failure.exit()).isEqualTo(ExitCode.NOT_READY);
    assertThat(failure.message()).contains("migrations not applied: 1").contains("fetchq migrate");
  }

  @Test
  void aBadConfigurationIs5AndBadInputIs2() {
    assertThat(Failure.of(new ConfigurationException("fetchq.db.url: must be set")).exit())
        .isEqualTo(ExitCode.NOT_READY);
    assertThat(Failure.of(new InvalidArgumentException("subject", "must not be empty")))
        .isEqualTo(new Failure(ExitCode.USAGE, "subject: must not be empty"));
  }

  @Test
  void anythingElseIs1WithItsRootCause() {
    Failure failure = Failure.of(new IllegalStateException("broken", new ArithmeticException("by zero")));
    assertThat(failure).isEqualTo(new Failure(ExitCode.FAILED, "broken (by zero)"));
  }
}
