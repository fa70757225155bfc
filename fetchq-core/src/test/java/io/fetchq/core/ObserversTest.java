package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An observer that throws is ignored and never keeps the others from being told. */
class ObserversTest {
  private static final Task TASK = new Task("heroes", "thor", null, 0, 0, TaskStatus.ACTIVE, 1, 0,
      Instant.EPOCH, null, Instant.EPOCH, 7);

  @Test
  void aThrowingObserverIsIgnoredAndTheOthersAreToldInOrder() {
    List<String> told = new ArrayList<>();
    WorkerObserver throwing = new WorkerObserver() {
      @Override
      public void picked(String queue, int asked, int picked, long nanos) {
        throw new IllegalStateException("broken metrics");
      }

      @Override
      public RunScope runStarting(Task task) {
        throw new IllegalStateException("broken tracer");
      }

      @Override
      public void runEnded(RunEnd end) {
        throw new IllegalStateException("broken metrics");
      }
    };
    WorkerObserver recording = new WorkerObserver() {
      @Override
      public void picked(String queue, int asked, int picked, long nanos) {
        told.add("picked " + queue + " " + picked + "/" + asked);
      }

      @Override
      public RunScope runStarting(Task task) {
        told.add("start " + task.subject());
        return () -> told.add("scope closed");
      }

      @Override
      public void runEnded(RunEnd end) {
        told.add("ended " + end.outcome());
      }

      @Override
      public void settled(String queue, int applied, int stale, long nanos) {
        told.add("settled " + applied + " stale " + stale);
      }
    };
    Observers observers = new Observers(List.of(throwing, recording));

    observers.picked("heroes", 10, 3, 5);
    try (RunScope scope = observers.runStarting(TASK)) {
      told.add("handler");
    }
    observers.runEnded(new RunEnd(TASK, Outcome.Kind.COMPLETE, false, 1, 2));
    observers.settled("heroes", 1, 0, 3);

    assertThat(told).containsExactly(
        "picked heroes 3/10", "start thor", "handler", "scope closed", "ended COMPLETE", "settled 1 stale 0");
    assertThat(Observers.NONE.runStarting(TASK)).isSameAs(RunScope.NONE);
  }
}
