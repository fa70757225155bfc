package io.fetchq.memory;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import java.time.Instant;

/**
 * A change to a stored task, field by field: it starts from the task as stored and gives the task
 * as it will be stored ({@link Task} is immutable). Fields not set keep their value.
 */
final class TaskEdit {
  private final Task task;
  private String payload;
  private int version;
  private int priority;
  private TaskStatus status;
  private int attempts;
  private int iterations;
  private Instant lastIteration;
  private Instant nextIteration;
  private long lease;

  private TaskEdit(Task task) {
    this.task = task;
    this.payload = task.payload();
    this.version = task.version();
    this.priority = task.priority();
    this.status = task.status();
    this.attempts = task.attempts();
    this.iterations = task.iterations();
    this.lastIteration = task.lastIteration();
    this.nextIteration = task.nextIteration();
    this.lease = task.lease();
  }

  /** A change to {@code task}. */
  static TaskEdit of(Task task) {
    return new TaskEdit(task);
  }

  TaskEdit payload(String payload) {
    this.payload = payload;
    return this;
  }

  TaskEdit version(int version) {
    this.version = version;
    return this;
  }

  TaskEdit priority(int priority) {
    this.priority = priority;
    return this;
  }

  TaskEdit status(TaskStatus status) {
    this.status = status;
    return this;
  }

  TaskEdit attempts(int attempts) {
    this.attempts = attempts;
    return this;
  }

  TaskEdit iterations(int iterations) {
    this.iterations = iterations;
    return this;
  }

  TaskEdit lastIteration(Instant lastIteration) {
    this.lastIteration = lastIteration;
    return this;
  }

  TaskEdit nextIteration(Instant nextIteration) {
    this.nextIteration = nextIteration;
    return this;
  }

  TaskEdit lease(long lease) {
    this.lease = lease;
    return this;
  }

  /** The task as changed. */
  Task task() {
    return new Task(task.queue(), task.subject(), payload, version, priority, status, attempts, iterations,
        task.createdAt(), lastIteration, nextIteration, lease);
  }
}
