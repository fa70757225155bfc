package io.fetchq.examples.priorities;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.examples.support.ExampleRun;
import io.fetchq.examples.support.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Priorities: of the tasks that are due, the one with the highest priority is picked first. A
 * backlog of mixed jobs is pushed before the worker starts, and one handler thread shows the order.
 */
public final class PrioritiesExample {
  /** The queue of jobs. */
  public static final String QUEUE = "jobs";

  /**
   * One kind of job and its priority (higher first).
   *
   * @param kind what the job is
   * @param priority its priority
   */
  public record Kind(String kind, int priority) {}

  /** The kinds of job in the backlog, lowest priority first. */
  public static final List<Kind> KINDS =
      List.of(new Kind("newsletter", -5), new Kind("report", 0), new Kind("invoice", 5), new Kind("password-reset", 10));

  /**
   * One handled job.
   *
   * @param subject the job
   * @param priority its priority
   */
  public record Handled(String subject, int priority) {}

  private PrioritiesExample() {}

  public static void main(String[] args) throws Exception {
    List<Handled> order = ExampleRun.inFreshSchema("priorities", config -> run(config, 3));
    order.forEach(h -> System.out.printf("%4d  %s%n", h.priority(), h.subject()));
  }

  /** Pushes {@code perKind} jobs of each kind, interleaved, then starts the worker and returns the order it ran them in. */
  public static List<Handled> run(FetchqConfig config, int perKind) throws Exception {
    List<Handled> handled = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(perKind * KINDS.size());
    try (Fetchq fetchq =
        Fetchq.builder()
            .config(config)
            .queue(QUEUE)
            .worker(QUEUE, (task, ctx) -> {
              handled.add(new Handled(task.subject(), task.priority()));
              done.countDown();
              return Action.complete();
            }, w -> w.concurrency(1).batch(1))
            .build()) {
      Queue jobs = fetchq.queue(QUEUE);
      List<NewTask> backlog = new ArrayList<>();
      for (int i = 1; i <= perKind; i++) {
        for (Kind kind : KINDS) {
          backlog.add(NewTask.of(kind.kind() + "-" + i).priority(kind.priority()));
        }
      }
      jobs.pushAll(backlog);
      fetchq.start();
      Waiting.until(done, Duration.ofSeconds(30), "running every job");
      return List.copyOf(handled);
    }
  }
}
