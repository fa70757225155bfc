package io.fetchq;

import io.fetchq.internal.Require;
import java.time.Duration;

/**
 * The settings of one queue, stored with it. Immutable; each method returns a copy.
 *
 * @param maxAttempts the failure threshold: a task whose run fails when it already has this many
 *     attempts is {@link TaskStatus#KILLED} (1 to 1,000,000; default 5)
 * @param lock how long a pick holds a task when the picker does not say (1 ms to 7 days; default
 *     5 minutes)
 * @param errorRetention how long error log entries are kept (0 to 100 years; default 7 days)
 * @param currentVersion the payload version of tasks pushed without one, and the one workers pick
 *     by default (0 to 32767; default 0)
 * @param notifications whether pushing due tasks wakes idle workers at once (default true)
 * @param finishedRetention how long COMPLETED and KILLED tasks are kept after their last run, holding
 *     their subjects; maintenance retires them after that, and their subjects can be pushed again
 *     (0 to 100 years; default 100 years, that is: kept)
 * @param maxActive the most tasks of the queue ACTIVE at once across every client and machine (1
 *     to 1,000,000), or 0 for no limit (default); a pick takes no more than the room left, and two
 *     pickers together never exceed it
 */
public record QueueOptions(
    int maxAttempts,
    Duration lock,
    Duration errorRetention,
    int currentVersion,
    boolean notifications,
    Duration finishedRetention,
    int maxActive) {

  public static final int MAX_ATTEMPTS_LIMIT = 1_000_000;
  /** The largest {@link #maxActive()}. */
  public static final int MAX_ACTIVE_LIMIT = 1_000_000;

  public QueueOptions {
    Require.range("maxAttempts", maxAttempts, 1, MAX_ATTEMPTS_LIMIT);
    Require.duration("lock", lock, Duration.ofMillis(1), Limits.MAX_LOCK);
    Require.duration("errorRetention", errorRetention, Duration.ZERO, Limits.MAX_DELAY);
    Require.range("currentVersion", currentVersion, 0, Limits.MAX_VERSION);
    Require.duration("finishedRetention", finishedRetention, Duration.ZERO, Limits.MAX_DELAY);
    Require.range("maxActive", maxActive, 0, MAX_ACTIVE_LIMIT);
  }

  /**
   * Five attempts, a five-minute lock, seven days of errors, version 0, notifications on, finished
   * tasks kept, no limit on active tasks.
   */
  public static QueueOptions defaults() {
    return new QueueOptions(5, Duration.ofMinutes(5), Duration.ofDays(7), 0, true, Limits.MAX_DELAY, 0);
  }

  public QueueOptions maxAttempts(int maxAttempts) {
    return new QueueOptions(maxAttempts, lock, errorRetention, currentVersion, notifications, finishedRetention, maxActive);
  }

  public QueueOptions lock(Duration lock) {
    return new QueueOptions(maxAttempts, lock, errorRetention, currentVersion, notifications, finishedRetention, maxActive);
  }

  public QueueOptions errorRetention(Duration errorRetention) {
    return new QueueOptions(maxAttempts, lock, errorRetention, currentVersion, notifications, finishedRetention, maxActive);
  }

  public QueueOptions currentVersion(int currentVersion) {
    return new QueueOptions(maxAttempts, lock, errorRetention, currentVersion, notifications, finishedRetention, maxActive);
  }

  public QueueOptions notifications(boolean notifications) {
    return new QueueOptions(maxAttempts, lock, errorRetention, currentVersion, notifications, finishedRetention, maxActive);
  }

  public QueueOptions finishedRetention(Duration finishedRetention) {
    return new QueueOptions(maxAttempts, lock, errorRetention, currentVersion, notifications, finishedRetention, maxActive);
  }

  /** At most {@code maxActive} tasks ACTIVE at once across every client; 0 for no limit. */
  public QueueOptions maxActive(int maxActive) {
    return new QueueOptions(maxAttempts, lock, errorRetention, currentVersion, notifications, finishedRetention, maxActive);
  }
}
