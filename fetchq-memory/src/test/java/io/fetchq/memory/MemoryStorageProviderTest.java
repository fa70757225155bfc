package io.fetchq.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.InvalidArgumentException;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider as users find it: by name, with no database, and what its storages declare. */
class MemoryStorageProviderTest {

  @Test
  void isFoundByNameAndNeedsNoDatabase() {
    StorageProvider found = ServiceLoader.load(StorageProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("memory"))
        .findFirst().orElseThrow();

    assertThat(found).isInstanceOf(MemoryStorageProvider.class);
    assertThat(found.needsDatabase()).isFalse();
  }

  @Test
  void itsStoragesHaveNoWakeUpsAndJoinNoTransaction() {
    try (Storage storage = new MemoryStorageProvider().open(StorageSettings.withoutDatabase().schema("provider_caps"))) {
      assertThat(storage.capabilities().notifications()).isFalse();
      assertThat(storage.capabilities().transactions()).isFalse();
      assertThat(storage.notifications()).isEmpty();
      assertThatThrownBy(() -> storage.on(null)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void refusesMissingSettingsAndAMissingClock() {
    assertThatThrownBy(() -> new MemoryStorageProvider().open(null))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("settings"));
    assertThatThrownBy(() -> new MemoryStorageProvider(null))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("clock"));
  }
}
