package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of the worker on {@value Fetchq#SCHEDULES_QUEUE}: runs the handler declared for the
 * schedule a task is named after. A task of a schedule this client did not declare (another
 * version of the application declares it, during a rolling deploy) is put back to be picked again
 * a few seconds later, by a client that knows it, without counting a failure.
 */
final class ScheduleHandlers implements Handler {
  private static final Logger log = LoggerFactory.getLogger(ScheduleHandlers.class);

  /**
   * What this handler returns for a schedule it does not know; {@link ScheduledRuns} recognises
   * this very instance, which no user's handler can return.
   */
  static final Action NOT_DECLARED_HERE = Action.reschedule(ScheduledRuns.PUT_BACK);

  private final Map<String, Handler> handlers;

  ScheduleHandlers(Map<String, Handler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  @Override
  public Action handle(Task task, TaskContext context) throws Exception {
    Handler handler = handlers.get(task.subject());
    if (handler == null) {
      log.warn("schedule {} is not declared in this client (another version declares it?); put back for {} so that"
          + " a client that declares it runs it", task.subject(), ScheduledRuns.PUT_BACK);
      return NOT_DECLARED_HERE;
    }
    return handler.handle(task, context);
  }
}
