package io.fetchq.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.NewTask;
import io.fetchq.QueueInfo;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.spi.SubjectsRequest;
import org.junit.jupiter.api.Test;

/**
 * Storages opened by no-arg providers share the JVM's stores by schema, as processes share a
 * database schema; a store lives while a storage is open on it.
 */
class SharedStoresTest {

  private static Storage open(String schema) {
    return new MemoryStorageProvider().open(StorageSettings.withoutDatabase().schema(schema));
  }

  @Test
  void storagesOpenedOnOneSchemaSeeTheSameData() {
    try (Storage one = open("shared_same"); Storage two = open("shared_same")) {
      assertThat(one.createQueue("heroes", QueueOptions.defaults())).isTrue();
      one.push(PushRequest.of("heroes", NewTask.of("iron-man")));

      assertThat(two.createQueue("heroes", QueueOptions.defaults())).as("made by the other storage").isFalse();
      assertThat(two.get(SubjectsRequest.of("heroes", "iron-man"))).extracting(Task::subject).containsExactly("iron-man");
      assertThat(two.push(PushRequest.of("heroes", NewTask.of("iron-man"))).added()).as("a subject is unique across storages").isEmpty();
    }
  }

  @Test
  void anotherSchemaIsAnotherStore() {
    try (Storage one = open("shared_first"); Storage two = open("shared_second")) {
      one.createQueue("heroes", QueueOptions.defaults());

      assertThat(two.queues()).isEmpty();
      assertThatThrownBy(() -> two.stats("heroes")).isInstanceOf(QueueNotFoundException.class);
    }
  }

  @Test
  void aStoreLivesUntilTheLastStorageOnItCloses() {
    Storage first = open("shared_lifetime");
    first.createQueue("heroes", QueueOptions.defaults());
    try (Storage second = open("shared_lifetime")) {
      first.close();
      assertThat(second.queues()).extracting(QueueInfo::name).containsExactly("heroes");
    }

    try (Storage again = open("shared_lifetime")) {
      assertThat(again.queues()).as("opened after every storage on the schema closed").isEmpty();
    }
  }

  @Test
  void aClosedStorageRefusesEveryCallAndClosingTwiceIsHarmless() {
    Storage storage = open("shared_closed");
    try (Storage other = open("shared_closed")) {
      storage.close();
      storage.close();

      assertThatThrownBy(storage::queues).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      other.createQueue("still_open", QueueOptions.defaults());
      assertThat(other.queues()).extracting(QueueInfo::name).containsExactly("still_open");
    }
  }
}
