package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.Failure;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a run of a schedule's task ends, whatever its handler decided: a schedule's task is never
 * completed, killed or dropped by a run. A run that succeeded (whatever action it returned) plans
 * the task at the first fire time after now. A run that failed is logged and counted like any
 * failure and runs again after the queue's retry delay when that comes before the next fire time,
 * else at the next fire time; the failure that reaches the queue's failure threshold (which would
 * kill the task) is logged here instead of in the queue's error log, and the task waits for its
 * next fire time with its attempts back to zero. The payload stays the schedule's: it says the fire
 * time the task is planned for.
 */
final class ScheduledRuns {
  private static final Logger log = LoggerFactory.getLogger(ScheduledRuns.class);
  /** When a schedule's task that this client cannot run is put back: soon, so that a client that can picks it. */
  static final Duration PUT_BACK = Duration.ofSeconds(5);
  /** Rules are read from payloads again and again: kept, up to this many. */
  private static final int MAX_RULES = 1_000;

  /** A task of a schedule: its rule, and the fire time it was planned for (null when not known). */
  record Scheduled(ScheduleRule rule, Instant fire) {}

  private final String queue;
  private final RetryPolicy retry;
  private final int maxAttempts;
  private final RuntimeClock clock;
  private final Map<ScheduleMarker, ScheduleRule> rules = new ConcurrentHashMap<>();

  /**
   * @param queue the queue whose runs these are
   * @param retry when a failed run is tried again
   * @param maxAttempts the queue's failure threshold: a failure that reaches it is not a reject
   * @param clock the time fire times are counted from
   */
  ScheduledRuns(String queue, RetryPolicy retry, int maxAttempts, RuntimeClock clock) {
    this.queue = queue;
    this.retry = retry;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
  }

  /** The schedule {@code task} belongs to, or null when it is an ordinary task. */
  Scheduled of(Task task) {
    if (!ScheduleMarker.marks(task.payload())) {
      return null;
    }
    ScheduleMarker marker = ScheduleMarker.read(task.payload());
    if (marker == null) {
      log.warn("{} {}: the payload looks like a schedule's but holds no rule; run as an ordinary task", queue,
          task.subject());
      return null;
    }
    ScheduleMarker key = new ScheduleMarker(marker.cron(), marker.zone(), marker.missed(), null);
    ScheduleRule rule = rules.get(key);
    if (rule == null) {
      rule = ScheduleRule.of(key);
      if (rule == null) {
        log.warn("{} {}: the schedule's rule in the payload is not valid ({}); run as an ordinary task", queue,
            task.subject(), task.payload());
        return null;
      }
      if (rules.size() >= MAX_RULES) {
        rules.clear();
      }
      rules.put(key, rule);
    }
    return new Scheduled(rule, ScheduleRule.fire(marker));
  }

  /** The outcome of a run whose handler returned {@code action}. */
  Outcome after(Task task, Scheduled scheduled, Action action) {
    if (action == ScheduleHandlers.NOT_DECLARED_HERE) {
      return Outcome.reschedule(Lease.of(task), PUT_BACK);
    }
    return switch (action.kind()) {
      case REJECT -> failed(task, scheduled, new Failure(action.message(), action.details(), null));
      case COMPLETE, RESCHEDULE -> succeeded(task, scheduled);
      case KILL, DROP -> {
        log.warn("{} {}: a schedule's run returned {}, which a schedule does not take (remove its declaration to stop"
            + " it); it is planned at its next fire time", queue, task.subject(), action.kind());
        yield succeeded(task, scheduled);
      }
    };
  }

  /** The task planned at the first fire time after now. */
  Outcome succeeded(Task task, Scheduled scheduled) {
    Instant next = scheduled.rule().nextFire(scheduled.fire(), clock.now());
    return Outcome.reschedule(Lease.of(task), next).withPayload(scheduled.rule().payload(next));
  }

  /** The outcome of a failed run: retried within the period, else at the next fire time; never killed. */
  Outcome failed(Task task, Scheduled scheduled, Failure failure) {
    Instant now = clock.now();
    Instant next = scheduled.rule().nextFire(scheduled.fire(), now);
    Lease lease = Lease.of(task);
    String payload = scheduled.rule().payload(next);
    if (task.attempts() >= maxAttempts) {
      log.error("{} {}: the schedule's run failed and reached the failure threshold ({} attempts), which does not"
          + " kill a schedule: it runs next at {}; the failure: {}", queue, task.subject(), maxAttempts, next,
          failure.message(), failure.cause());
      return Outcome.reschedule(lease, next).withPayload(payload);
    }
    Duration delay = retry.delay(task.attempts());
    if (now.plus(delay).isBefore(next)) {
      return Outcome.reject(lease, failure.message(), failure.details(), delay);
    }
    return new Outcome(lease, Outcome.Kind.REJECT, payload, next, null, failure.message(), failure.details());
  }
}
