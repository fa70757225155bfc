package io.fetchq;

import java.util.List;
import java.util.Optional;

/**
 * The tasks of one named queue: push, append, upsert, read, count. On a {@link Queue} each call is
 * a transaction of its own; on the handle {@link Queue#on(java.sql.Connection)} returns, each call
 * joins the transaction the caller has open on that connection, and takes effect with it or not
 * at all. Every method checks its input before anything reaches the database.
 */
public interface QueueTasks {

  /** The queue's name. */
  String name();

  /** Adds the task unless its subject exists in any status; true when it was added. */
  boolean push(NewTask task);

  /** Adds every task whose subject does not exist yet, in one round trip; returns how many were added. */
  int pushAll(List<NewTask> tasks);

  /** Adds a task with a generated, time-ordered subject and this JSON payload; returns the subject. */
  String append(String payload);

  /**
   * Adds a task with a generated, time-ordered subject whose payload is {@code payload}, written
   * by the client's {@link PayloadCodec}; returns the subject.
   */
  String append(Object payload);

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
}
