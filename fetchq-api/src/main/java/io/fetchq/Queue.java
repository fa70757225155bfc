package io.fetchq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One named queue of tasks. Safe to share between threads. Every method checks its input before
 * anything reaches the database.
 */
public interface Queue {

  /** The queue's name. */
  String name();

  /** Adds the task unless its subject exists in any status; true when it was added. */
  boolean push(NewTask task);

  /** Adds every task whose subject does not exist yet, in one round trip; returns how many were added. */
  int pushAll(List<NewTask> tasks);

  /** Adds a task with a generated, time-ordered subject and this JSON payload; returns the subject. */
  String append(String payload);

  /**
   * Adds the task, or updates the existing one with its payload, version, priority and due time
   * (its attempts go back to zero) unless that one is {@link TaskStatus#ACTIVE}; false only in
   * that case.
   */
  boolean upsert(NewTask task);

  /** The task with this subject, if there is one. */
  Optional<Task> get(String subject);

  /** The queue's counters. */
  QueueStats stats();

  /**
   * The options stored with the queue (threshold, lock, retention, version, notifications): every
   * client of the queue works with these.
   */
  QueueOptions options();

  /**
   * Stores new options for the queue, for every client; workers started from now on use them.
   * Declaring a queue on a client builder never changes the options of a queue that exists; this
   * call does.
   */
  void updateOptions(QueueOptions options);

  /** The newest entries of the error log, newest first, at most {@code limit}. */
  List<TaskError> errors(int limit);

  /**
   * Low level: locks up to {@code limit} due tasks of the queue's current version for {@code
   * lock}, highest priority first. Each must be settled before its lock expires.
   */
  List<Task> pick(int limit, Duration lock);

  /** Low level: applies {@code action} to a picked task; false when its lease is no longer current. */
  boolean settle(Task task, Action action);

  /** Low level: applies each action to its picked task in one round trip; returns how many applied. */
  int settleAll(Map<Task, Action> actions);
}
