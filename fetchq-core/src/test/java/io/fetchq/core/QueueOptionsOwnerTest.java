package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Action;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Queue options have one owner: a client that declares a queue creates it with its options when it
 * is missing, and never overwrites the options of a queue that exists; a client that only works
 * or only pushes leaves them as they are and works with the stored ones; {@code updateOptions}
 * changes them for everyone.
 */
class QueueOptionsOwnerTest {
  private static final TestFetchq db = new TestFetchq("queue_options_owner");

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void aWorkerOnlyClientLeavesTheStoredOptionsAndWorksWithThem(String storage) {
    String queue = "owned_" + storage;
    CopyOnWriteArrayList<Instant> lockedUntil = new CopyOnWriteArrayList<>();
    try (Fetchq owner = Fetchq.builder().config(db.config().withStorage(storage))
        .queue(queue, q -> q.maxAttempts(2).lock(Duration.ofSeconds(42)))
        .build()) {
      QueueOptions owners = owner.queue(queue).options();
      assertThat(owners.maxAttempts()).isEqualTo(2);
      assertThat(owners.lock()).isEqualTo(Duration.ofSeconds(42));

      // a worker-only client whose configuration says 7 attempts and a 3-minute lock
      FetchqConfig workerConfig = db.config().withStorage(storage)
          .with("fetchq.queue.max-attempts", "7").with("fetchq.queue.lock", "3m");
      try (Fetchq worker = Fetchq.builder().config(workerConfig)
          .worker(queue, (Task task, io.fetchq.TaskContext ctx) -> {
            lockedUntil.add(task.nextIteration());
            return Action.complete();
          }, w -> w.concurrency(1).batch(1))
          .build();
          Fetchq producer = Fetchq.builder().config(workerConfig).build()) {
        assertThat(owner.queue(queue).options()).as("after the worker-only client was built").isEqualTo(owners);
        Instant before = Instant.now();
        producer.queue(queue).push(NewTask.of("iron-man"));
        worker.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lockedUntil.isEmpty());
        // the worker held the task for the stored 42 s, not its configuration's 3 minutes
        assertThat(lockedUntil.get(0)).isBetween(before.plusSeconds(30), before.plusSeconds(60));
      }
      assertThat(owner.queue(queue).options()).as("after both clients closed").isEqualTo(owners);

      // a second declaring client with other options does not overwrite them either
      try (Fetchq other = Fetchq.builder().config(db.config().withStorage(storage))
          .queue(queue, q -> q.maxAttempts(9))
          .build()) {
        assertThat(other.queue(queue).options()).isEqualTo(owners);
        // bad input is refused by name and changes nothing
        assertThatThrownBy(() -> other.queue(queue).updateOptions(null))
            .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("options");
        assertThat(owner.queue(queue).options()).isEqualTo(owners);
        // an explicit call does, for every client
        other.queue(queue).updateOptions(owners.maxAttempts(9));
        assertThat(owner.queue(queue).options()).isEqualTo(owners.maxAttempts(9));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void aMissingQueueIsCreatedWithTheDeclaredOrTheConfiguredOptions(String storage) {
    String declared = "declared_" + storage;
    String worked = "worked_" + storage;
    FetchqConfig config = db.config().withStorage(storage).with("fetchq.queue.max-attempts", "4");
    try (Fetchq fetchq = Fetchq.builder().config(config)
        .queue(declared, q -> q.maxAttempts(3))
        .worker(worked, (task, ctx) -> Action.complete())
        .build()) {
      assertThat(fetchq.queue(declared).options().maxAttempts()).isEqualTo(3);
      assertThat(fetchq.queue(worked).options().maxAttempts()).isEqualTo(4);
    }
  }
}
