package io.fetchq.examples.planned;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.examples.support.ExampleRun;
import io.fetchq.examples.support.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Planned work: reminders pushed with a due time in the future wait as PLANNED, and none runs
 * before its time. Maintenance promotes a task to PENDING once it is due; then a worker picks it.
 */
public final class PlannedWorkExample {
  /** The queue of reminders. */
  public static final String QUEUE = "reminders";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One reminder as it ran.
   *
   * @param subject the reminder
   * @param dueAt when it was due
   * @param ranAt when its handler started
   */
  public record Run(String subject, Instant dueAt, Instant ranAt) {
    /** Whether it ran before it was due: never. */
    public boolean early() {
      return ranAt.isBefore(dueAt);
    }

    /** How long after its due time it ran. */
    public Duration late() {
      return Duration.between(dueAt, ranAt);
    }
  }

  /**
   * What a run saw.
   *
   * @param runs the reminders in the order they ran
   * @param waitingAtStart the queue's counters just after the push, before anything was due
   */
  public record Result(List<Run> runs, QueueStats waitingAtStart) {}

  private PlannedWorkExample() {}

  public static void main(String[] args) throws Exception {
    Result result = ExampleRun.inFreshSchema("planned", PlannedWorkExample::run);
    System.out.println("just after the push: " + result.waitingAtStart().planned() + " planned, "
        + result.waitingAtStart().pending() + " pending");
    for (Run run : result.runs()) {
      System.out.println(run.subject() + " was due " + run.dueAt() + " and ran " + run.late().toMillis() + " ms later");
    }
  }

  /** Pushes one reminder due now and three due in one, two and three seconds, and waits for all four. */
  public static Result run(FetchqConfig config) throws Exception {
    List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(4);
    FetchqConfig quickPromotion = config.with("fetchq.maintenance.interval", "100ms");
    try (Fetchq fetchq =
        Fetchq.builder()
            .config(quickPromotion)
            .queue(QUEUE)
            .worker(QUEUE, (task, ctx) -> {
              Instant ranAt = Instant.now();
              Instant dueAt = Instant.parse(JSON.readTree(task.payload()).get("dueAt").asText());
              runs.add(new Run(task.subject(), dueAt, ranAt));
              done.countDown();
              return Action.complete();
            }, w -> w.concurrency(2))
            .build()) {
      fetchq.start();
      Queue reminders = fetchq.queue(QUEUE);
      Instant now = Instant.now();
      reminders.push(reminder("call-mum", now));
      reminders.push(reminder("water-plants", now.plusSeconds(1)));
      reminders.push(reminder("stand-up", now.plusSeconds(2)));
      reminders.push(reminder("go-home", now.plusSeconds(3)));
      QueueStats waiting = reminders.stats();
      Waiting.until(done, Duration.ofSeconds(30), "running every reminder");
      return new Result(List.copyOf(runs), waiting);
    }
  }

  private static NewTask reminder(String subject, Instant dueAt) {
    return NewTask.of(subject).at(dueAt).payload("{\"dueAt\":\"" + dueAt + "\"}");
  }
}
