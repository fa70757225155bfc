package io.fetchq.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.spi.SubjectsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider made with a clock stores and compares every time by that clock, in microseconds:
 * moving the clock, not waiting, makes tasks due, locks expire and retention pass.
 */
class ProviderClockTest {
  /** A time with nanoseconds, which the store keeps to the microsecond. */
  private static final Instant START = Instant.parse("2030-01-01T00:00:00.123456789Z");
  private static final Instant START_MICROS = Instant.parse("2030-01-01T00:00:00.123456Z");

  private final SettableClock clock = new SettableClock(START);
  private Storage storage;

  @BeforeEach
  void open() {
    storage = new MemoryStorageProvider(clock).open(StorageSettings.withoutDatabase());
    storage.createQueue("heroes", QueueOptions.defaults().maxAttempts(1).finishedRetention(Duration.ofDays(1)));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private Task task(String subject) {
    return storage.get(SubjectsRequest.of("heroes", subject)).get(0);
  }

  private MaintenanceResult maintain(MaintenanceRequest.Job job) {
    return storage.maintain(new MaintenanceRequest("heroes", EnumSet.of(job), 100));
  }

  @Test
  void pushTimesComeFromTheClock() {
    storage.push(PushRequest.of("heroes", NewTask.of("now"), NewTask.of("later").in(Duration.ofHours(2))));

    assertThat(task("now").createdAt()).isEqualTo(START_MICROS);
    assertThat(task("now").nextIteration()).isEqualTo(START_MICROS);
    assertThat(task("now").status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task("later").nextIteration()).isEqualTo(START_MICROS.plus(Duration.ofHours(2)));
    assertThat(storage.queues().get(0).createdAt()).isEqualTo(START_MICROS);
  }

  @Test
  void aPlannedTaskIsDueWhenTheClockReachesItsTime() {
    storage.push(PushRequest.of("heroes", NewTask.of("later").in(Duration.ofHours(2))));

    clock.advance(Duration.ofHours(2).minusNanos(1_000));
    assertThat(maintain(MaintenanceRequest.Job.PROMOTE).promoted()).as("a microsecond early").isZero();
    clock.advance(Duration.ofNanos(1_000));
    assertThat(maintain(MaintenanceRequest.Job.PROMOTE).promoted()).isEqualTo(1);

    assertThat(storage.pick(PickRequest.of("heroes", 10, Duration.ofMinutes(1)))).extracting(Task::subject)
        .containsExactly("later");
  }

  @Test
  void aLockExpiresByTheClock() {
    storage.push(PushRequest.of("heroes", NewTask.of("slow")));
    Task held = storage.pick(PickRequest.of("heroes", 1, Duration.ofMinutes(5))).get(0);
    assertThat(held.nextIteration()).isEqualTo(START_MICROS.plus(Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(5));
    assertThat(maintain(MaintenanceRequest.Job.RECOVER_ORPHANS).killed()).as("at its expiry the lock still holds").isZero();
    clock.advance(Duration.ofNanos(1_000));
    assertThat(maintain(MaintenanceRequest.Job.RECOVER_ORPHANS).killed()).as("past it, at the threshold").isEqualTo(1);

    List<TaskError> log = storage.errors(ErrorQuery.of("heroes", 10));
    assertThat(log).extracting(TaskError::createdAt).containsExactly(START_MICROS.plus(Duration.ofMinutes(5)).plusNanos(1_000));
    assertThat(task("slow").lastIteration()).isEqualTo(log.get(0).createdAt());
  }

  @Test
  void finishedTasksRetireWhenTheClockPassesTheirRetention() {
    storage.push(PushRequest.of("heroes", NewTask.of("done")));
    Task held = storage.pick(PickRequest.of("heroes", 1, Duration.ofMinutes(1))).get(0);
    clock.advance(Duration.ofSeconds(10));
    storage.settle(SettleRequest.of("heroes", Outcome.complete(Lease.of(held))));
    assertThat(task("done").lastIteration()).isEqualTo(START_MICROS.plusSeconds(10));

    clock.advance(Duration.ofDays(1));
    assertThat(maintain(MaintenanceRequest.Job.RETIRE_FINISHED).retired()).isZero();
    clock.advance(Duration.ofNanos(1_000));
    assertThat(maintain(MaintenanceRequest.Job.RETIRE_FINISHED).retired()).isEqualTo(1);
    assertThat(storage.get(SubjectsRequest.of("heroes", "done"))).isEmpty();
  }
}
