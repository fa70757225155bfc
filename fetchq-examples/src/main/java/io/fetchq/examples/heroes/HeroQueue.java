package io.fetchq.examples.heroes;

import io.fetchq.RetryPolicy;
import io.fetchq.ThresholdPolicy;
import io.fetchq.core.QueueSettings;
import io.fetchq.core.WorkerOptions;
import io.fetchq.examples.heroes.crawler.HeroCrawler;
import io.fetchq.examples.heroes.crawler.ProfileGoneException;
import java.time.Duration;

/** How the {@code heroes} queue and its workers are set up, the same in the launcher and every worker process. */
public final class HeroQueue {
  /** The queue's name. */
  public static final String NAME = HeroCrawler.QUEUE;
  /** Failures a hero may have in a row before its task is killed. */
  public static final int MAX_ATTEMPTS = 3;

  private HeroQueue() {}

  /**
   * Three attempts; a 30-second lock (a fetch takes well under one); retries after 1, 2, 4... up to
   * 10 seconds; and a 404 kills at once when {@code gone} is {@code KILL}.
   */
  public static QueueSettings settings(QueueSettings queue, DemoOptions.Gone gone) {
    return queue
        .maxAttempts(MAX_ATTEMPTS)
        .lock(Duration.ofSeconds(30))
        .retry(RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10)))
        .threshold(gone == DemoOptions.Gone.KILL
            ? ThresholdPolicy.killOn(ProfileGoneException.class)
            : ThresholdPolicy.attemptsOnly());
  }

  /** {@code concurrency} handler threads, picking up to half as many tasks at a time. */
  public static WorkerOptions worker(WorkerOptions worker, int concurrency) {
    return worker.concurrency(concurrency).batch(Math.max(1, concurrency / 2));
  }

  /** How many 404s kill a vanished hero. */
  public static int notFoundsToKill(DemoOptions.Gone gone) {
    return gone == DemoOptions.Gone.KILL ? 1 : MAX_ATTEMPTS;
  }
}
