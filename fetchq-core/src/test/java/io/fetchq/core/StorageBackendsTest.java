package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.postgres.PostgresStorageProvider;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StorageBackendsTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(StorageBackends.class);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  /** A provider that is only a name; opening it is not part of choosing it. */
  private record Named(String name) implements StorageProvider {
    @Override
    public Storage open(StorageSettings settings) {
      throw new UnsupportedOperationException();
    }
  }

  /** A second class with the same kind of name, to tell duplicates apart by class. */
  private record AlsoNamed(String name) implements StorageProvider {
    @Override
    public Storage open(StorageSettings settings) {
      throw new UnsupportedOperationException();
    }
  }

  @BeforeEach
  void listen() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(log);
  }

  @Test
  void findsTheOneProviderWithTheName() {
    Named postgres = new Named("postgres");
    StorageBackends backends = new StorageBackends(List.of(new Named("partitioned"), postgres));

    assertThat(backends.named("postgres")).isSameAs(postgres);
    assertThat(backends.names()).containsExactly("partitioned", "postgres");
  }

  @Test
  void logsTheChoiceAtInfoWithNameAndClass() {
    new StorageBackends(List.of(new Named("postgres"))).named("postgres");

    assertThat(log.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.INFO);
              assertThat(e.getFormattedMessage()).contains("\"postgres\"").contains(Named.class.getName());
            });
  }

  @Test
  void noMatchListsTheNamesFound() {
    StorageBackends backends = new StorageBackends(List.of(new Named("postgres"), new Named("partitioned")));

    assertThatThrownBy(() -> backends.named("mysql"))
        .isExactlyInstanceOf(FetchqException.class)
        .hasMessage("no storage backend named \"mysql\" on the classpath; found partitioned, postgres");
    assertThat(log.list).isEmpty();
  }

  @Test
  void namesAreComparedExactly() {
    StorageBackends backends = new StorageBackends(List.of(new Named("postgres")));

    assertThatThrownBy(() -> backends.named("Postgres")).hasMessageContaining("found postgres");
    assertThatThrownBy(() -> backends.named(" postgres")).isInstanceOf(FetchqException.class);
  }

  @Test
  void noProviderAtAllSaysWhatToAdd() {
    assertThatThrownBy(() -> new StorageBackends(List.of()).named("postgres"))
        .isInstanceOf(FetchqException.class)
        .hasMessageContaining("found none")
        .hasMessageContaining("fetchq-postgres");
  }

  @Test
  void severalWithTheNameListTheirClasses() {
    StorageBackends backends =
        new StorageBackends(List.of(new Named("postgres"), new AlsoNamed("postgres"), new Named("partitioned")));

    assertThatThrownBy(() -> backends.named("postgres"))
        .isInstanceOf(FetchqException.class)
        .hasMessageContaining("2 storage backends on the classpath are named \"postgres\"")
        .hasMessageContaining(Named.class.getName())
        .hasMessageContaining(AlsoNamed.class.getName());
    assertThat(backends.named("partitioned")).isInstanceOf(Named.class);
  }

  @Test
  void refusesAMissingOrBlankName() {
    StorageBackends backends = new StorageBackends(List.of(new Named("postgres")));

    assertThatThrownBy(() -> backends.named(null))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("storage"));
    assertThatThrownBy(() -> backends.named(" "))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("storage"));
  }

  @Test
  void aProviderThatFailsToLoadIsReportedAsAFetchqFailure() {
    Iterable<StorageProvider> broken =
        () ->
            new Iterator<>() {
              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public StorageProvider next() {
                throw new ServiceConfigurationError("io.example.Broken: Provider could not be instantiated");
              }
            };

    assertThatThrownBy(() -> new StorageBackends(broken))
        .isInstanceOf(FetchqException.class)
        .hasMessageContaining("io.example.Broken")
        .hasCauseInstanceOf(ServiceConfigurationError.class);
  }

  @Test
  void theClasspathOfTheseTestsHoldsThePostgresBackend() {
    StorageBackends backends = StorageBackends.onClasspath();

    assertThat(backends.names()).contains(PostgresStorageProvider.NAME);
    assertThat(backends.named("postgres")).isInstanceOf(PostgresStorageProvider.class);
    assertThat(StorageBackends.on(getClass().getClassLoader()).named("postgres")).isInstanceOf(PostgresStorageProvider.class);
  }
}
