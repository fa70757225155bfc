package io.fetchq.examples.fifo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.Action;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
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
 * FIFO: messages appended to a queue are handled one at a time in the order they were appended,
 * and each leaves the queue once handled. {@link Queue#append} gives every message a generated,
 * time-ordered subject; a worker with one handler thread drains them oldest first and drops each.
 */
public final class FifoExample {
  /** The queue of messages. */
  public static final String QUEUE = "inbox";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a run saw.
   *
   * @param appended the message numbers in the order they were appended
   * @param handled the message numbers in the order the handler saw them
   * @param after the queue's counters once drained
   */
  public record Result(List<Integer> appended, List<Integer> handled, QueueStats after) {}

  private FifoExample() {}

  public static void main(String[] args) throws Exception {
    Result result = ExampleRun.inFreshSchema("fifo", config -> run(config, 20));
    System.out.println("appended: " + result.appended());
    System.out.println("handled:  " + result.handled());
    System.out.println("left in the queue: " + result.after().total());
  }

  /** Starts a one-thread worker, appends {@code messages} messages while it runs, and waits until all are handled. */
  public static Result run(FetchqConfig config, int messages) throws Exception {
    List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch drained = new CountDownLatch(messages);
    try (Fetchq fetchq =
        Fetchq.builder()
            .config(config)
            .queue(QUEUE)
            .worker(QUEUE, (task, ctx) -> {
              handled.add(JSON.readTree(task.payload()).get("n").asInt());
              drained.countDown();
              return Action.drop(); // handled: the message leaves the queue
            }, w -> w.concurrency(1).batch(5))
            .build()) {
      fetchq.start();
      Queue inbox = fetchq.queue(QUEUE);
      List<Integer> appended = new ArrayList<>();
      for (int n = 1; n <= messages; n++) {
        inbox.append("{\"n\":" + n + ",\"text\":\"message " + n + "\"}");
        appended.add(n);
      }
      Waiting.until(drained, Duration.ofSeconds(30), "handling every message");
      // outcomes are settled in batches a moment after the handler returns
      Waiting.until(() -> inbox.stats().total() == 0, Duration.ofSeconds(10), "dropping every message");
      return new Result(appended, List.copyOf(handled), inbox.stats());
    }
  }
}
