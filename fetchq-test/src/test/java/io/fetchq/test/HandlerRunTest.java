package io.fetchq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One handler on one task: the task as a pick hands it out, the context's answers, the action chosen. */
class HandlerRunTest {

  /** A payload type read with the class path's codec (fetchq-jackson in these tests). */
  public record Greeting(String to) {}

  @Test
  void theHandlersActionIsReturnedAndTheTaskLooksPicked() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    Action action = HandlerRun.of((task, ctx) -> {
      assertThat(task.status()).isEqualTo(TaskStatus.ACTIVE);
      assertThat(task.queue()).isEqualTo("mail");
      assertThat(ctx.attempt()).isEqualTo(3);
      assertThat(ctx.lease()).isEqualTo(task.lease()).isPositive();
      assertThat(task.createdAt()).isEqualTo(now);
      return Action.reschedule(Duration.ofHours(1));
    }).queue("mail").attempt(3).clock(TestClock.at(now)).run(NewTask.of("hello"));

    assertThat(action.kind()).isEqualTo(Action.Kind.RESCHEDULE);
    assertThat(action.delay()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void typedPayloadsServicesAndCancellationReachTheHandler() throws Exception {
    Handler handler = Handler.typed(Greeting.class, (greeting, task, ctx) -> {
      if (ctx.cancelled()) {
        return Action.kill("cancelled");
      }
      String prefix = ctx.service(String.class).orElse("hi");
      return Action.complete().withPayload(Map.of("said", prefix + " " + greeting.to()));
    });

    Action said = HandlerRun.of(handler).service(String.class, "ciao").run(NewTask.of("g").payload(new Greeting("ada")));
    Action stopped = HandlerRun.of(handler).cancelled(true).run(NewTask.of("g").payload(new Greeting("ada")));

    assertThat(said.value()).isEqualTo(Map.of("said", "ciao ada"));
    assertThat(stopped.kind()).isEqualTo(Action.Kind.KILL);
  }

  @Test
  void whatTheHandlerThrowsReachesTheTest() {
    HandlerRun run = HandlerRun.of((task, ctx) -> {
      throw new IOException("site down");
    });

    assertThatThrownBy(() -> run.run(NewTask.of("x"))).isInstanceOf(IOException.class).hasMessage("site down");
  }

  @Test
  void aRunWithoutQueuesSaysHowToGiveThem() {
    HandlerRun run = HandlerRun.of((task, ctx) -> {
      ctx.queue("other").push(NewTask.of("y"));
      return Action.complete();
    });

    assertThatThrownBy(() -> run.run(NewTask.of("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HandlerRun.queues");
  }

  @Test
  void badSettingsAreRefusedByName() {
    HandlerRun run = HandlerRun.of((task, ctx) -> Action.complete());

    assertThatThrownBy(() -> run.attempt(0)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("attempt");
    assertThatThrownBy(() -> run.queue("Bad Name")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("queue");
  }
}
