package io.fetchq.test;

import io.fetchq.Handler;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.internal.Require;
import io.fetchq.memory.MemoryStorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link Fetchq} client in manual mode, for tests of the code that pushes tasks and of the
 * handlers that run them: on the in-memory backend, with a {@link TestClock} that stands still
 * until the test moves it, and no thread of its own (no workers, no maintenance). Nothing runs
 * until the test calls {@link #drain}, which runs every due task on the calling thread; {@link
 * #advance} moves time so that planned tasks (rescheduled, retried, pushed for later) fall due.
 * Everything else is the real client with its real rules: unique subjects, retries, thresholds,
 * the error log. Closing it closes the client and forgets the data.
 *
 * <pre>{@code
 * try (ManualFetchq fetchq = ManualFetchq.create(b -> b.worker("heroes", new HeroCrawler(...)))) {
 *   fetchq.queue("heroes").push(NewTask.of("spiderman"));
 *   fetchq.drain("heroes");
 *   assertThat(fetchq.tasks("heroes", TaskStatus.PLANNED)).hasSize(1);
 *   fetchq.advance(Duration.ofDays(2));
 *   fetchq.drain("heroes");
 * }
 * }</pre>
 */
public final class ManualFetchq implements AutoCloseable {
  private final TestClock clock;
  private final Fetchq fetchq;

  private ManualFetchq(TestClock clock, Fetchq fetchq) {
    this.clock = clock;
    this.fetchq = fetchq;
  }

  /** A client made by {@code setup} (queues, workers, services, codec) with a clock standing at the current time. */
  public static ManualFetchq create(UnaryOperator<Fetchq.Builder> setup) {
    return create(TestClock.atNow(), setup);
  }

  /**
   * A client made by {@code setup} on {@code clock}. The kit sets the backend, the clock, no
   * maintenance and no shutdown hook before {@code setup} runs; a configuration {@code setup} gives
   * replaces everything but the backend and the clock.
   */
  public static ManualFetchq create(TestClock clock, UnaryOperator<Fetchq.Builder> setup) {
    Require.notNull("clock", clock);
    Require.notNull("setup", setup);
    Fetchq.Builder builder = Fetchq.builder()
        .config(FetchqConfig.defaults().with("fetchq.storage", MemoryStorageProvider.NAME)
            .with("fetchq.maintenance.enabled", "false"))
        .shutdownHook(false);
    builder = Require.notNull("setup", setup.apply(builder));
    Fetchq fetchq = builder.storage(new MemoryStorageProvider(clock)).clock(clock).build();
    return new ManualFetchq(clock, fetchq);
  }

  /** The client: push, read, operator commands; never started. */
  public Fetchq fetchq() {
    return fetchq;
  }

  /** The client's handle on {@code name}. */
  public Queue queue(String name) {
    return fetchq.queue(name);
  }

  /** The clock the client and its backend read. */
  public TestClock clock() {
    return clock;
  }

  /** Moves the clock forward; returns the new time. Nothing runs until the next {@link #drain}. */
  public Instant advance(Duration duration) {
    return clock.advance(duration);
  }

  /**
   * Runs every due task of {@code queue} with its worker's handler on this thread until none is due,
   * following the tasks the handlers push to it or reschedule to now; see {@link Fetchq#drain}.
   *
   * @return how many tasks ran
   */
  public int drain(String queue) {
    return fetchq.drain(queue);
  }

  /** Runs the due tasks of every queue with a worker until none is due; see {@link Fetchq#drainAll}. */
  public int drainAll() {
    return fetchq.drainAll();
  }

  /** Every task of the queue, by subject. */
  public List<Task> tasks(String queue) {
    return list(queue, TaskFilter.all());
  }

  /** The queue's tasks in {@code status}, in the order the queue lists them (see {@link TaskFilter}). */
  public List<Task> tasks(String queue, TaskStatus status) {
    Require.notNull("status", status);
    return list(queue, TaskFilter.status(status));
  }

  private List<Task> list(String queue, TaskFilter first) {
    Queue handle = fetchq.queue(queue);
    List<Task> all = new ArrayList<>();
    TaskFilter filter = first.limit(TaskFilter.MAX_PAGE);
    while (true) {
      TaskPage page = handle.tasks(filter);
      all.addAll(page.tasks());
      if (!page.hasNext()) {
        return all;
      }
      filter = filter.after(page.next());
    }
  }

  /** The task of {@code subject} in {@code queue}, if there is one. */
  public Optional<Task> task(String queue, String subject) {
    return fetchq.queue(queue).get(subject);
  }

  /** The queue's error log, newest first (up to 10,000 entries). */
  public List<TaskError> errors(String queue) {
    return fetchq.queue(queue).errors(10_000);
  }

  /** The queue's counters. */
  public QueueStats stats(String queue) {
    return fetchq.queue(queue).stats();
  }

  /**
   * A run of {@code handler} on one task with a fake context whose queues are this client's (what
   * the handler pushes lands here) and whose clock is this one.
   */
  public HandlerRun handler(Handler handler) {
    return HandlerRun.of(handler).clock(clock).queues(fetchq::queue);
  }

  @Override
  public void close() {
    fetchq.close();
  }
}
