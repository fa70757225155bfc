package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.InvalidArgumentException;
import io.fetchq.spi.StorageSettings;
import org.junit.jupiter.api.Test;

/** What the provider decides before it reaches a database. */
class PostgresStorageProviderTest {

  @Test
  void needsADatabase() {
    assertThat(new PostgresStorageProvider().needsDatabase()).isTrue();
  }

  @Test
  void refusesSettingsThatNameNoDatabase() {
    assertThatThrownBy(() -> new PostgresStorageProvider().open(StorageSettings.withoutDatabase()))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).isEqualTo("jdbcUrl");
          assertThat(e.rule()).isEqualTo("the postgres backend needs a database: set jdbcUrl or dataSource");
        });
  }
}
