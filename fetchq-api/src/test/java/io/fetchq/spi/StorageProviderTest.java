package io.fetchq.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageProviderTest {

  @Test
  void aProviderNeedsADatabaseUnlessItSaysOtherwise() {
    StorageProvider provider = new StorageProvider() {
      @Override
      public String name() {
        return "any";
      }

      @Override
      public Storage open(StorageSettings settings) {
        throw new UnsupportedOperationException("never opened here");
      }
    };

    assertThat(provider.needsDatabase()).isTrue();
  }
}
