package io.fetchq.test;

import io.fetchq.Action;
import io.fetchq.PayloadCodec;
import io.fetchq.Queue;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.UnreadablePayloadException;
import io.fetchq.internal.Require;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The context a {@link HandlerRun} gives its handler: the task's lease and attempt as given, a lock
 * that always extends, the queues and services of the run, payloads read with its codec. A run's
 * outcome cannot be settled in a transaction of the handler's: there is no database.
 */
final class FakeTaskContext implements TaskContext {
  private final Task task;
  private final boolean cancelled;
  private final PayloadCodec codec;
  private final Function<String, Queue> queues;
  private final Map<Class<?>, Object> services;

  FakeTaskContext(Task task, boolean cancelled, PayloadCodec codec, Function<String, Queue> queues,
      Map<Class<?>, Object> services) {
    this.task = task;
    this.cancelled = cancelled;
    this.codec = codec;
    this.queues = queues;
    this.services = services;
  }

  @Override
  public Queue queue(String name) {
    Require.queueName("name", name);
    if (queues == null) {
      throw new IllegalStateException("this handler run has no queues: give it some with HandlerRun.queues(...),"
          + " or run it with ManualFetchq.handler(...) to push into the kit's");
    }
    return queues.apply(name);
  }

  @Override
  public long lease() {
    return task.lease();
  }

  @Override
  public int attempt() {
    return task.attempts();
  }

  @Override
  public boolean leaseLost() {
    return false;
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public boolean extendLock(Duration lock) {
    Require.notNull("lock", lock);
    return true;
  }

  @Override
  public void settle(Connection connection, Action action) {
    throw new UnsupportedOperationException("a HandlerRun has no database to settle in the handler's transaction;"
        + " test this handler with a client on a database");
  }

  @Override
  public <T> T payload(Class<T> type) {
    Require.notNull("type", type);
    if (task.payload() == null) {
      return null;
    }
    if (codec == null) {
      throw new UnreadablePayloadException("the payload of task \"" + task.subject() + "\" cannot be read as "
          + type.getName() + ": there is no PayloadCodec (add fetchq-jackson, or give one to HandlerRun.payloadCodec)",
          null);
    }
    return codec.read(task.payload(), type);
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    Require.notNull("type", type);
    return Optional.ofNullable(services.get(type)).map(type::cast);
  }
}
