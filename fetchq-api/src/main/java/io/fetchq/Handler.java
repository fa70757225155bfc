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

  /**
   * A handler that reads each task's payload as {@code type} and gives it to {@code handler}. A
   * worker picks one payload version ({@code WorkerOptions.version}); give it the type of that
   * version.
   *
   * <pre>{@code
   * builder.worker("orders", Handler.typed(Order.class, (order, task, context) -> {
   *   mailer.confirm(order.email(), order.id());
   *   return Action.complete();
   * }));
   * }</pre>
   */
  static <T> Handler typed(Class<T> type, TypedHandler<T> handler) {
    io.fetchq.internal.Require.notNull("type", type);
    io.fetchq.internal.Require.notNull("handler", handler);
    return (task, context) -> handler.handle(context.payload(type), task, context);
  }
}
