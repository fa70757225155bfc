package io.fetchq;

/**
 * The user's code for one queue: it does the work of one task and returns what happens next. A
 * handler that throws is a {@link Action#reject(String)} with the exception's message, and its
 * class and stack trace in the error log.
 */
@FunctionalInterface
public interface Handler {

  /** Does the work of {@code task} and returns its next step. */
  Action handle(Task task, TaskContext context) throws Exception;
}
