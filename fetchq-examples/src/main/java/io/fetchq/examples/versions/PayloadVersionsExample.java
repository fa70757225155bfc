package io.fetchq.examples.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.examples.support.ExampleRun;
import io.fetchq.examples.support.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Payload versions: during a rolling deploy, the old release writes welcome emails as version 1
 * (<code>{"to":"ann@example.com"}</code>) and the new one as version 2 (<code>{"to":{"name":"Ann",
 * "address":"ann@example.com"}}</code>). Each release's worker picks only the version it can read,
 * so neither ever sees a payload it does not understand.
 *
 * <p>A Fetchq client runs at most one worker per queue, because in production each release is its
 * own JVM with its own client. Here the two releases are two clients in one JVM, on the same
 * database and schema: the same thing, minus the second process.
 */
public final class PayloadVersionsExample {
  /** The queue both releases share. */
  public static final String QUEUE = "welcome_emails";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What each release's worker sent.
   *
   * @param oldRelease subject to the address read from a version 1 payload, by the worker that picks version 1
   * @param newRelease subject to the name and address read from a version 2 payload, by the worker that picks version 2
   * @param versionsSeenByOld the versions the version 1 worker was handed
   * @param versionsSeenByNew the versions the version 2 worker was handed
   */
  public record Result(
      Map<String, String> oldRelease,
      Map<String, String> newRelease,
      List<Integer> versionsSeenByOld,
      List<Integer> versionsSeenByNew) {}

  private PayloadVersionsExample() {}

  public static void main(String[] args) throws Exception {
    Result result = ExampleRun.inFreshSchema("versions", config -> run(config, 4));
    System.out.println("old release (version 1) sent: " + result.oldRelease());
    System.out.println("new release (version 2) sent: " + result.newRelease());
  }

  /** Pushes {@code each} emails of each version and waits until both workers sent theirs. */
  public static Result run(FetchqConfig config, int each) throws Exception {
    Map<String, String> oldSent = new ConcurrentHashMap<>();
    Map<String, String> newSent = new ConcurrentHashMap<>();
    List<Integer> oldSeen = new CopyOnWriteArrayList<>();
    List<Integer> newSeen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(2 * each);
    Handler oldHandler = (task, ctx) -> {
      oldSeen.add(task.version());
      oldSent.put(task.subject(), JSON.readTree(task.payload()).get("to").asText());
      done.countDown();
      return Action.complete();
    };
    Handler newHandler = (task, ctx) -> {
      newSeen.add(task.version());
      JsonNode to = JSON.readTree(task.payload()).get("to");
      newSent.put(task.subject(), to.get("name").asText() + " <" + to.get("address").asText() + ">");
      done.countDown();
      return Action.complete();
    };
    try (Fetchq oldRelease = release(config, oldHandler, 1);
        Fetchq newRelease = release(config, newHandler, 2)) {
      oldRelease.start();
      newRelease.start();
      Queue fromOld = oldRelease.queue(QUEUE);
      Queue fromNew = newRelease.queue(QUEUE);
      for (int i = 1; i <= each; i++) {
        fromOld.push(NewTask.of("welcome-old-" + i).version(1).payload("{\"to\":\"user" + i + "@example.com\"}"));
        fromNew.push(NewTask.of("welcome-new-" + i).version(2)
            .payload("{\"to\":{\"name\":\"User " + i + "\",\"address\":\"user" + i + "@example.com\"}}"));
      }
      Waiting.until(done, Duration.ofSeconds(30), "sending every email");
      return new Result(Map.copyOf(oldSent), Map.copyOf(newSent), List.copyOf(oldSeen), List.copyOf(newSeen));
    }
  }

  /** One release's client: a worker on the queue that picks only {@code version}. */
  private static Fetchq release(FetchqConfig config, Handler handler, int version) {
    return Fetchq.builder()
        .config(config)
        .queue(QUEUE, q -> q.currentVersion(2)) // the newest release's version is the queue's current one
        .worker(QUEUE, handler, w -> w.version(version).concurrency(2))
        .build();
  }
}
