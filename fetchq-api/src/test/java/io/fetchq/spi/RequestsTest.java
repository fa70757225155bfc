package io.fetchq.spi;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Limits;
import io.fetchq.NewTask;
import io.fetchq.TaskFilter;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request records of the storage SPI check their own input. */
class RequestsTest {

  @Nested
  class QueueNames {
    @ParameterizedTest
    @ValueSource(strings = {"a", "heroes", "q1", "web_pages_2", "a234567890123456789012345678901234567890"})
    void acceptsSafeIdentifiers(String name) {
      assertThat(PickRequest.of(name, 1, Duration.ofSeconds(1)).queue()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "", "Heroes", "1q", "_q", "q-1", "q.1", "q 1", "q;drop table x", "é", "a2345678901234567890123456789012345678901"
        })
    void refusesAnythingElse(String name) {
      assertRefused("queue", "must match [a-z][a-z0-9_]{0,39}", () -> PickRequest.of(name, 1, Duration.ofSeconds(1)));
    }

    @Test
    void refusesNull() {
      assertRefused("queue", "must not be null", () -> PushRequest.of(null, NewTask.of("a")));
    }
  }

  @Nested
  class Push {
    @Test
    void keepsItsTasksInOrderAndCannotBeChangedAfterwards() {
      List<NewTask> tasks = new ArrayList<>(List.of(NewTask.of("a"), NewTask.of("b")));
      PushRequest request = new PushRequest("q", tasks);
      tasks.clear();

      assertThat(request.tasks()).extracting(NewTask::subject).containsExactly("a", "b");
      assertThatThrownBy(() -> request.tasks().add(NewTask.of("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesAnObjectPayloadNoCodecHasWritten() {
      assertRefused("tasks", "no codec has written to JSON",
          () -> PushRequest.of("q", NewTask.of("a"), NewTask.of("b").payload(List.of(1))));
    }

    @Test
    void acceptsTheLargestBatch() {
      List<NewTask> tasks = Collections.nCopies(Limits.MAX_BATCH, NewTask.of("a"));

      assertThat(new PushRequest("q", tasks).tasks()).hasSize(50_000);
    }

    @Test
    void refusesAMissingEmptyOrOversizedBatch() {
      assertRefused("tasks", "must not be null", () -> new PushRequest("q", null));
      assertRefused("tasks", "must not be empty", () -> new PushRequest("q", List.of()));
      assertRefused(
          "tasks",
          "at most 50000 items; held 50001",
          () -> new PushRequest("q", Collections.nCopies(50_001, NewTask.of("a"))));
      assertRefused("tasks", "must not contain null", () -> new PushRequest("q", Arrays.asList(NewTask.of("a"), null)));
      assertRefused("tasks", "must not contain null", () -> PushRequest.of("q", NewTask.of("a"), null));
      assertRefused("tasks", "must not be null", () -> PushRequest.of("q", (NewTask[]) null));
    }
  }

  @Nested
  class Settle {
    @Test
    void acceptsOneOutcomePerSubject() {
      SettleRequest request =
          SettleRequest.of("q", Outcome.complete(new Lease("a", 1)), Outcome.drop(new Lease("b", 1)));

      assertThat(request.outcomes()).hasSize(2);
    }

    @Test
    void refusesTwoOutcomesForOneSubject() {
      assertRefused(
          "outcomes",
          "\"a\" appears twice",
          () -> SettleRequest.of("q", Outcome.complete(new Lease("a", 1)), Outcome.kill(new Lease("a", 2))));
    }

    @Test
    void refusesAMissingEmptyOrOversizedBatch() {
      List<Outcome> tooMany =
          IntStream.rangeClosed(0, Limits.MAX_BATCH).mapToObj(i -> Outcome.complete(new Lease("s" + i, 1))).toList();

      assertRefused("outcomes", "must not be null", () -> new SettleRequest("q", null));
      assertRefused("outcomes", "must not be empty", () -> new SettleRequest("q", List.of()));
      assertRefused("outcomes", "at most 50000", () -> new SettleRequest("q", tooMany));
      assertRefused("outcomes", "must not contain null", () -> new SettleRequest("q", Arrays.asList((Outcome) null)));
      assertRefused("outcomes", "must not contain null", () -> SettleRequest.of("q", (Outcome) null));
      assertRefused("outcomes", "must not be null", () -> SettleRequest.of("q", (Outcome[]) null));
      assertRefused("queue", "must match", () -> SettleRequest.of("Q", Outcome.complete(new Lease("a", 1))));
    }
  }

  @Nested
  class Pick {
    @Test
    void ofAsksForTheQueuesCurrentVersion() {
      assertThat(PickRequest.of("q", 10, Duration.ofMinutes(1)))
          .isEqualTo(new PickRequest("q", null, 10, Duration.ofMinutes(1)));
    }

    @Test
    void acceptsTheBoundaries() {
      assertThat(new PickRequest("q", 0, 1, Duration.ofMillis(1)).limit()).isEqualTo(1);
      assertThat(new PickRequest("q", 32767, 50_000, Duration.ofDays(7)).version()).isEqualTo(32767);
    }

    @Test
    void refusesValuesOutOfRange() {
      assertRefused("version", "between 0 and 32767", () -> new PickRequest("q", -1, 1, Duration.ofSeconds(1)));
      assertRefused("version", "was 32768", () -> new PickRequest("q", 32768, 1, Duration.ofSeconds(1)));
      assertRefused("limit", "between 1 and 50000; was 0", () -> PickRequest.of("q", 0, Duration.ofSeconds(1)));
      assertRefused("limit", "was 50001", () -> PickRequest.of("q", 50_001, Duration.ofSeconds(1)));
      assertRefused("lock", "must be between", () -> PickRequest.of("q", 1, Duration.ZERO));
      assertRefused("lock", "must be between", () -> PickRequest.of("q", 1, Duration.ofDays(8)));
      assertRefused("lock", "must not be null", () -> PickRequest.of("q", 1, null));
    }
  }

  @Nested
  class Others {
    @Test
    void getRefusesBadSubjects() {
      assertThat(SubjectsRequest.of("q", "a", "b").subjects()).containsExactly("a", "b");
      assertRefused("subjects", "must not be empty", () -> SubjectsRequest.of("q"));
      assertRefused("subjects", "must not be empty", () -> SubjectsRequest.of("q", "a", ""));
      assertRefused("subjects", "must not contain null", () -> SubjectsRequest.of("q", "a", null));
      assertRefused("subjects", "must not be null", () -> SubjectsRequest.of("q", (String[]) null));
    }

    @Test
    void errorQueryRefusesBadValues() {
      assertThat(ErrorQuery.of("q", 10)).isEqualTo(new ErrorQuery("q", null, 10));
      assertRefused("limit", "between 1 and 50000", () -> ErrorQuery.of("q", 0));
      assertRefused("subject", "must not be empty", () -> new ErrorQuery("q", "", 1));
    }

    @Test
    void taskQueryRefusesBadValues() {
      assertThat(new TaskQuery("q", TaskFilter.status(TaskStatus.KILLED)).filter().status()).isEqualTo(TaskStatus.KILLED);
      assertRefused("queue", "must match", () -> new TaskQuery("Q", TaskFilter.all()));
      assertRefused("filter", "must not be null", () -> new TaskQuery("q", null));
    }

    @Test
    void cancelRequestRefusesBadValues() {
      assertThat(new CancelRequest("q", List.of("a"), "why", false).subjects()).containsExactly("a");
      assertRefused("reason", "must say why", () -> new CancelRequest("q", List.of("a"), " ", false));
      assertRefused("reason", "must not be null", () -> new CancelRequest("q", List.of("a"), null, false));
      assertRefused("reason", "at most 8192", () -> new CancelRequest("q", List.of("a"), "x".repeat(8193), false));
      assertRefused("subjects", "must not be empty", () -> new CancelRequest("q", List.of(), "why", true));
      assertRefused("subjects", "must not be empty", () -> new CancelRequest("q", List.of(""), "why", true));
    }

    @Test
    void extendRequestRefusesBadValues() {
      assertRefused("leases", "must not be empty", () -> new ExtendRequest("q", List.of(), Duration.ofSeconds(1)));
      assertRefused("lock", "must be between", () -> new ExtendRequest("q", List.of(new Lease("a", 1)), Duration.ZERO));
    }

    @Test
    void maintenanceRequestCopiesItsJobs() {
      Set<MaintenanceRequest.Job> jobs = EnumSet.of(MaintenanceRequest.Job.PROMOTE);
      MaintenanceRequest request = new MaintenanceRequest("q", jobs, 100);
      jobs.add(MaintenanceRequest.Job.PRUNE_ERRORS);

      assertThat(request.jobs()).containsExactly(MaintenanceRequest.Job.PROMOTE);
      assertThat(MaintenanceRequest.all("q", 1).jobs()).containsExactlyInAnyOrder(MaintenanceRequest.Job.values());
      assertThat(new MaintenanceRequest("q", Set.of(), 1).jobs()).isEmpty();
      assertRefused("jobs", "must not be null", () -> new MaintenanceRequest("q", null, 1));
      assertRefused("limit", "between 1 and 50000", () -> MaintenanceRequest.all("q", 0));
    }
  }
}
