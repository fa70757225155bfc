package io.fetchq;

/**
 * A {@link Handler} that receives its task's payload as one of the user's own types, read by the
 * client's {@link PayloadCodec}; made into a handler with {@link Handler#typed(Class, TypedHandler)}.
 * A payload that cannot be read never reaches it: the task is killed with the codec's message in
 * its error log (see {@link UnreadablePayloadException}).
 *
 * @param <T> the payload's type, for the version of the tasks the worker picks
 */
@FunctionalInterface
public interface TypedHandler<T> {

  /**
   * Does the work of {@code task}, whose payload is {@code payload} ({@code null} when the task
   * has none), and returns its next step.
   */
  Action handle(T payload, Task task, TaskContext context) throws Exception;
}
