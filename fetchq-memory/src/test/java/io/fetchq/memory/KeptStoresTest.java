package io.fetchq.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fetchq.NewTask;
import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.spi.SubjectsRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A provider made with a clock keeps its stores for its own life, open or not, as a database keeps
 * its data across a restart of every client; they are its own, unseen by other providers.
 */
class KeptStoresTest {
  private static final StorageSettings SETTINGS = StorageSettings.withoutDatabase().schema("kept");

  private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));

  @Test
  void storagesOpenedAgainFindTheDataEveryClosedOneLeft() {
    MemoryStorageProvider provider = new MemoryStorageProvider(clock);
    try (Storage before = provider.open(SETTINGS)) {
      before.createQueue("heroes", QueueOptions.defaults());
      before.push(PushRequest.of("heroes", NewTask.of("held"), NewTask.of("waiting")));
      before.pick(PickRequest.of("heroes", 1, Duration.ofMinutes(1)));
    }

    try (Storage after = provider.open(SETTINGS)) {
      assertThat(after.get(SubjectsRequest.of("heroes", "held", "waiting")))
          .extracting(Task::subject, Task::status)
          .containsExactlyInAnyOrder(
              tuple("held", TaskStatus.ACTIVE),
              tuple("waiting", TaskStatus.PENDING));
      assertThat(after.stats("heroes").picked()).isEqualTo(1);
    }
  }

  @Test
  void anotherProviderSeesNoneOfThem() {
    MemoryStorageProvider provider = new MemoryStorageProvider(clock);
    try (Storage mine = provider.open(SETTINGS);
        Storage otherClocked = new MemoryStorageProvider(clock).open(SETTINGS);
        Storage shared = new MemoryStorageProvider().open(SETTINGS)) {
      mine.createQueue("heroes", QueueOptions.defaults());

      assertThat(otherClocked.queues()).isEmpty();
      assertThat(shared.queues()).extracting(QueueInfo::name).doesNotContain("heroes");
    }
  }
}
