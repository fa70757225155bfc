package io.fetchq.tck;

import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The whole storage conformance suite, the one entry a backend runs: a backend's test class
 * extends it and implements {@link #provider()}, and so runs every area of the contract, each a
 * {@link Nested} class here that opens the backend on a fresh schema of its own (see {@link
 * StorageConformance}). An area added to the suite runs for every backend with nothing to change
 * in the backends, and {@code ConformanceSuiteTest} fails while an area exists that the suite
 * leaves out.
 *
 * <pre>{@code
 * class MyConformanceTest extends ConformanceSuite {
 *   @Override
 *   protected StorageProvider provider() {
 *     return new MyStorageProvider();
 *   }
 * }
 * }</pre>
 *
 * <p>Each area is tagged with its name, so one area alone runs with {@code -Dgroups=Pick}.
 */
public abstract class ConformanceSuite {

  /** The backend under test, opened afresh by each area. */
  protected abstract StorageProvider provider();

  /**
   * The settings every area opens the storage with; override to run the whole suite in another
   * mode. {@code base} already names the test database and a fresh schema with {@code MIGRATE}
   * (for a backend that needs no database: {@link StorageSettings#withoutDatabase()} with a fresh
   * schema).
   */
  protected StorageSettings settings(StorageSettings base) {
    return base;
  }

  // Each area runs the backend and settings of the suite and is tagged with its own name.

  @Nested
  @Tag("QueueAdmin")
  class QueueAdmin extends QueueAdminConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Push")
  class Push extends PushConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Upsert")
  class Upsert extends UpsertConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Pick")
  class Pick extends PickConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Settle")
  class Settle extends SettleConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Fencing")
  class Fencing extends FencingConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Maintenance")
  class Maintenance extends MaintenanceConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Counter")
  class Counter extends CounterConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("ErrorLog")
  class ErrorLog extends ErrorLogConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Notification")
  class Notification extends NotificationConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Concurrency")
  class Concurrency extends ConcurrencyConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Operator")
  class Operator extends OperatorConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("BadInput")
  class BadInput extends BadInputConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  @Nested
  @Tag("Transaction")
  class Transaction extends TransactionConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return ConformanceSuite.this.settings(base);
    }
  }

  /**
   * Bad input with the JDBC driver in simple query mode, where the driver writes bind values into
   * the SQL text itself: quotes, backslashes, dollar quotes and SQL in subjects and payloads must
   * still round-trip and never run. Skipped when the backend needs no database (it has no query
   * mode), and when the suite's settings name a {@code DataSource} rather than a URL.
   */
  @Nested
  @Tag("BadInputInSimpleQueryMode")
  class BadInputInSimpleQueryMode extends BadInputConformance {
    @Override
    protected StorageProvider provider() {
      return ConformanceSuite.this.provider();
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      Assumptions.assumeTrue(provider().needsDatabase(),
          "simple query mode is a mode of the JDBC driver, and the backend needs no database");
      StorageSettings suite = ConformanceSuite.this.settings(base);
      String url = suite.jdbcUrl();
      Assumptions.assumeTrue(url != null,
          "simple query mode is asked for in the JDBC URL, and the suite runs on a DataSource");
      return new StorageSettings(url + (url.contains("?") ? "&" : "?") + "preferQueryMode=simple",
          suite.user(), suite.password(), null, suite.schema(), suite.schemaMode(), suite.poolSize());
    }
  }
}
