package io.fetchq.memory;

import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * One queue as the memory backend keeps it: its options (with durations in whole milliseconds, as
 * the postgres backend stores them), whether it is paused, when it was made, its tasks, its error
 * log and its flow counters.
 */
final class StoredQueue {
  private final String name;
  private final Instant createdAt;
  private final TaskTable tasks = new TaskTable();
  private final ErrorLog errors;
  private final FlowCounters flow = new FlowCounters();
  private QueueOptions options;
  private boolean paused;

  /** A new, empty queue made at {@code createdAt}. */
  StoredQueue(String name, QueueOptions options, Instant createdAt) {
    this.name = name;
    this.createdAt = createdAt;
    this.errors = new ErrorLog(name);
    options(options);
  }

  String name() {
    return name;
  }

  QueueOptions options() {
    return options;
  }

  /** Replaces the options, for every later call. */
  void options(QueueOptions options) {
    this.options = new QueueOptions(options.maxAttempts(), millis(options.lock()), millis(options.errorRetention()),
        options.currentVersion(), options.notifications(), millis(options.finishedRetention()), options.maxActive());
  }

  boolean paused() {
    return paused;
  }

  void paused(boolean paused) {
    this.paused = paused;
  }

  TaskTable tasks() {
    return tasks;
  }

  ErrorLog errors() {
    return errors;
  }

  FlowCounters flow() {
    return flow;
  }

  /** The queue as {@link io.fetchq.spi.Storage#queues()} lists it. */
  QueueInfo info() {
    return new QueueInfo(name, options, paused, createdAt);
  }

  /** The counters: status counts from the task indexes, flow counters, errors from the log. */
  QueueStats stats() {
    return new QueueStats(name, tasks.count(TaskStatus.PLANNED), tasks.count(TaskStatus.PENDING),
        tasks.count(TaskStatus.ACTIVE), tasks.count(TaskStatus.COMPLETED), tasks.count(TaskStatus.KILLED),
        flow.pushed, flow.picked, flow.processed, flow.rescheduled, flow.rejected, flow.orphaned, errors.written());
  }

  /** Deletes every task and error log entry and zeroes the counters; returns the tasks deleted. */
  long truncate() {
    errors.clear();
    flow.reset();
    return tasks.clear();
  }

  private static Duration millis(Duration duration) {
    return Duration.ofMillis(duration.toMillis());
  }
}
