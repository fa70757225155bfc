package io.fetchq.core;

import io.fetchq.QueueOptions;
import io.fetchq.RetryPolicy;
import io.fetchq.ThresholdPolicy;
import io.fetchq.internal.Require;
import java.time.Duration;

/**
 * How one queue is set up: the options stored with it, and the policies this JVM applies to its
 * failed runs. Immutable; each method returns a copy, so a builder lambda reads
 * {@code q -> q.maxAttempts(3).lock(Duration.ofMinutes(1))}.
 *
 * @param options what is stored with the queue (threshold, lock, retention, version, notifications, limit on active tasks)
 * @param retry when a rejected task runs again
 * @param threshold which failures kill a task before the threshold does
 */
public record QueueSettings(QueueOptions options, RetryPolicy retry, ThresholdPolicy threshold) {

  public QueueSettings {
    Require.notNull("options", options);
    Require.notNull("retry", retry);
    Require.notNull("threshold", threshold);
  }

  public QueueSettings maxAttempts(int maxAttempts) {
    return new QueueSettings(options.maxAttempts(maxAttempts), retry, threshold);
  }

  public QueueSettings lock(Duration lock) {
    return new QueueSettings(options.lock(lock), retry, threshold);
  }

  public QueueSettings errorRetention(Duration errorRetention) {
    return new QueueSettings(options.errorRetention(errorRetention), retry, threshold);
  }

  /** How long COMPLETED and KILLED tasks are kept, holding their subjects, before maintenance retires them. */
  public QueueSettings finishedRetention(Duration finishedRetention) {
    return new QueueSettings(options.finishedRetention(finishedRetention), retry, threshold);
  }

  public QueueSettings currentVersion(int currentVersion) {
    return new QueueSettings(options.currentVersion(currentVersion), retry, threshold);
  }

  public QueueSettings notifications(boolean notifications) {
    return new QueueSettings(options.notifications(notifications), retry, threshold);
  }

  /** At most {@code maxActive} of the queue's tasks ACTIVE at once across every client; 0 for no limit. */
  public QueueSettings maxActive(int maxActive) {
    return new QueueSettings(options.maxActive(maxActive), retry, threshold);
  }

  public QueueSettings retry(RetryPolicy retry) {
    return new QueueSettings(options, retry, threshold);
  }

  public QueueSettings threshold(ThresholdPolicy threshold) {
    return new QueueSettings(options, retry, threshold);
  }
}
