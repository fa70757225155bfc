package io.fetchq.observability;

import io.fetchq.QueueInfo;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the gauges of one client read from its database, read at most once per {@code maxAge} per
 * queue however many meters ask and however often they are scraped: a queue's counters, the due
 * time of its oldest due task, and the queues' paused flags. A reading that fails keeps the last
 * good one (the database's health gauge says it is down).
 */
final class QueueReadings {
  private final Fetchq fetchq;
  private final long maxAgeNanos;
  private final Clock clock;
  private final Map<String, Reading> readings = new ConcurrentHashMap<>();
  private volatile Timed<Map<String, Boolean>> paused = new Timed<>(Map.of(), Long.MIN_VALUE);

  QueueReadings(Fetchq fetchq, Duration maxAge, Clock clock) {
    this.fetchq = fetchq;
    this.maxAgeNanos = maxAge.toNanos();
    this.clock = clock;
  }

  /** The counters of {@code queue}, or empty before the first good reading. */
  Optional<QueueStats> stats(String queue) {
    return Optional.ofNullable(reading(queue).stats);
  }

  /** How long the task workers of {@code queue} pick next has waited since it was due; zero when none. */
  Duration oldestDueAge(String queue) {
    Instant due = reading(queue).oldestDue;
    if (due == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(due, clock.instant());
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** Whether {@code queue} is paused, as last read. */
  boolean paused(String queue) {
    Timed<Map<String, Boolean>> last = paused;
    if (fresh(last.readAt)) {
      return last.value.getOrDefault(queue, false);
    }
    synchronized (this) {
      if (!fresh(paused.readAt)) {
        try {
          List<QueueInfo> queues = fetchq.queues();
          paused = new Timed<>(
              queues.stream().collect(Collectors.toMap(QueueInfo::name, QueueInfo::paused)), System.nanoTime());
        } catch (RuntimeException e) {
          paused = new Timed<>(paused.value, System.nanoTime());
        }
      }
      return paused.value.getOrDefault(queue, false);
    }
  }

  private Reading reading(String queue) {
    Reading reading = readings.computeIfAbsent(queue, q -> new Reading());
    if (!fresh(reading.readAt)) {
      synchronized (reading) {
        if (!fresh(reading.readAt)) {
          reading.refresh(queue);
        }
      }
    }
    return reading;
  }

  private boolean fresh(long readAt) {
    return readAt != Long.MIN_VALUE && System.nanoTime() - readAt < maxAgeNanos;
  }

  private record Timed<T>(T value, long readAt) {}

  /** The last reading of one queue. */
  private final class Reading {
    volatile QueueStats stats;
    volatile Instant oldestDue;
    volatile long readAt = Long.MIN_VALUE;

    void refresh(String queue) {
      try {
        var handle = fetchq.queue(queue);
        QueueStats read = handle.stats();
        // the next task in pick order: the oldest due one when the queue has one priority and version
        Instant due = oldest(handle::tasks, TaskStatus.PENDING, read.pending());
        Instant planned = oldest(handle::tasks, TaskStatus.PLANNED, read.planned());
        // a PLANNED task past its due time is due too, until maintenance promotes it
        if (planned != null && !planned.isAfter(clock.instant()) && (due == null || planned.isBefore(due))) {
          due = planned;
        }
        stats = read;
        oldestDue = due;
      } catch (RuntimeException e) {
        // keep the last good reading; fetchq.database.up tells that the database is down
      } finally {
        readAt = System.nanoTime();
      }
    }

    private Instant oldest(Function<TaskFilter, io.fetchq.TaskPage> tasks, TaskStatus status, long count) {
      if (count == 0) {
        return null;
      }
      return tasks.apply(TaskFilter.status(status).oldestFirst().limit(1)).tasks().stream()
          .findFirst()
          .map(Task::nextIteration)
          .orElse(null);
    }
  }
}
