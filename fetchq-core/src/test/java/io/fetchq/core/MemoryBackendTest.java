package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.NewTask;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-memory backend chosen by configuration alone: no database named, none needed; a backend
 * that needs one still says which key to set.
 */
class MemoryBackendTest {

  @Test
  void aClientOnTheMemoryBackendNeedsNoDatabase() {
    try (Fetchq fetchq = Fetchq.builder()
        .config(FetchqConfig.of(Map.of("fetchq.storage", "memory", "fetchq.schema", "memory_backend_test")))
        .shutdownHook(false)
        .queue("notes")
        .build()) {
      assertThat(fetchq.queue("notes").push(NewTask.of("one"))).isTrue();
      assertThat(fetchq.queue("notes").push(NewTask.of("one"))).isFalse();
      assertThat(fetchq.queue("notes").stats().pending()).isEqualTo(1);
    }
  }

  @Test
  void aBackendThatNeedsADatabaseStillAsksForItsUrl() {
    assertThatThrownBy(() -> Fetchq.builder().config(FetchqConfig.of(Map.of("fetchq.storage", "postgres"))).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("fetchq.db.url");
  }
}
