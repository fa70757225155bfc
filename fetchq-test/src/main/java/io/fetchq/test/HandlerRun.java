package io.fetchq.test;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.PayloadCodec;
import io.fetchq.Queue;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.internal.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Runs one handler on one task, on the calling thread, with a fake {@link io.fetchq.TaskContext},
 * and returns the {@link Action} the handler chose: the unit test of a handler, with no worker, no
 * thread and no database. What the handler throws reaches the caller as it was thrown. The task is
 * made as a pick would hand it out (ACTIVE, its lease 1, its attempt counted). The context's
 * {@code queue(name)} reaches the queues given with {@link #queues} ({@link ManualFetchq#handler}
 * gives the kit's, so what the handler pushes can be read there); its payloads are read with the
 * first {@link PayloadCodec} on the class path unless {@link #payloadCodec} gives one. A settings
 * object is immutable: each method returns a new one.
 */
public final class HandlerRun {
  private final Handler handler;
  private final String queue;
  private final int attempt;
  private final boolean cancelled;
  private final Duration lock;
  private final Clock clock;
  private final PayloadCodec codec;
  private final Function<String, Queue> queues;
  private final Map<Class<?>, Object> services;

  private HandlerRun(Handler handler, String queue, int attempt, boolean cancelled, Duration lock, Clock clock,
      PayloadCodec codec, Function<String, Queue> queues, Map<Class<?>, Object> services) {
    this.handler = handler;
    this.queue = queue;
    this.attempt = attempt;
    this.cancelled = cancelled;
    this.lock = lock;
    this.clock = clock;
    this.codec = codec;
    this.queues = queues;
    this.services = services;
  }

  /**
   * A run of {@code handler} on queue {@code test}, as the first attempt, with the system clock, the
   * class path's payload codec, no queues and no services.
   */
  public static HandlerRun of(Handler handler) {
    Require.notNull("handler", handler);
    return new HandlerRun(handler, "test", 1, false, Duration.ofSeconds(30), Clock.systemUTC(), discoveredCodec(),
        null, Map.of());
  }

  /** The queue the task belongs to. */
  public HandlerRun queue(String queue) {
    Require.queueName("queue", queue);
    return new HandlerRun(handler, queue, attempt, cancelled, lock, clock, codec, queues, services);
  }

  /** Which attempt this run is (1 for the first; a retry after two failures is 3). */
  public HandlerRun attempt(int attempt) {
    Require.range("attempt", attempt, 1, Integer.MAX_VALUE);
    return new HandlerRun(handler, queue, attempt, cancelled, lock, clock, codec, queues, services);
  }

  /** Whether an operator has cancelled the run ({@code context.cancelled()} answers this). */
  public HandlerRun cancelled(boolean cancelled) {
    return new HandlerRun(handler, queue, attempt, cancelled, lock, clock, codec, queues, services);
  }

  /** The clock the task's times are read from. */
  public HandlerRun clock(Clock clock) {
    Require.notNull("clock", clock);
    return new HandlerRun(handler, queue, attempt, cancelled, lock, clock, codec, queues, services);
  }

  /** The codec that reads the payload for {@code context.payload(type)} and writes object payloads of new tasks. */
  public HandlerRun payloadCodec(PayloadCodec codec) {
    Require.notNull("codec", codec);
    return new HandlerRun(handler, queue, attempt, cancelled, lock, clock, codec, queues, services);
  }

  /** What {@code context.queue(name)} returns. */
  public HandlerRun queues(Function<String, Queue> queues) {
    Require.notNull("queues", queues);
    return new HandlerRun(handler, queue, attempt, cancelled, lock, clock, codec, queues, services);
  }

  /** An object the handler reaches with {@code context.service(type)}. */
  public <T> HandlerRun service(Class<T> type, T instance) {
    Require.notNull("type", type);
    Require.notNull("instance", instance);
    Map<Class<?>, Object> more = new LinkedHashMap<>(services);
    more.put(type, instance);
    return new HandlerRun(handler, queue, attempt, cancelled, lock, clock, codec, queues, Map.copyOf(more));
  }

  /**
   * Runs the handler on {@code task} as a pick would hand it out, and returns the action it chose.
   *
   * @throws Exception whatever the handler throws
   */
  public Action run(NewTask task) throws Exception {
    return run(picked(Require.notNull("task", task)));
  }

  /** Runs the handler on {@code task} as it is given, and returns the action it chose. */
  public Action run(Task task) throws Exception {
    Require.notNull("task", task);
    Action action = handler.handle(task, new FakeTaskContext(task, cancelled, codec, queues, services));
    if (action == null) {
      throw new IllegalStateException("the handler returned null for task \"" + task.subject()
          + "\"; a handler returns an Action (the runtime would count this run as a failure)");
    }
    return action;
  }

  /** {@code task} as a pick hands it out now: ACTIVE, its attempt counted, locked for 30 seconds. */
  Task picked(NewTask task) {
    var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String payload = task.payload();
    if (task.value() != null) {
      if (codec == null) {
        throw new InvalidArgumentException("payload", "is a " + task.value().getClass().getName()
            + ", and there is no PayloadCodec on the class path (add fetchq-jackson, or give one to payloadCodec)");
      }
      payload = codec.write(task.value());
    }
    return new Task(queue, task.subject(), payload, task.version() == null ? 0 : task.version(), task.priority(),
        TaskStatus.ACTIVE, attempt, 0, now, null, now.plus(lock), 1);
  }

  private static PayloadCodec discoveredCodec() {
    return ServiceLoader.load(PayloadCodec.class).findFirst().orElse(null);
  }
}
