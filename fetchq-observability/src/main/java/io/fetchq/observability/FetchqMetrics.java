package io.fetchq.observability;

import io.fetchq.QueueStats;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.core.RunEnd;
import io.fetchq.core.WorkerObserver;
import io.fetchq.internal.Require;
import io.fetchq.spi.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters for one Fetchq client: a {@link MeterBinder} and the client's {@link
 * WorkerObserver} at once. Register it with both, in any order:
 *
 * <pre>{@code
 * FetchqMetrics metrics = FetchqMetrics.create();
 * Fetchq fetchq = Fetchq.builder().config(config).observe(metrics).worker("heroes", handler).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Per queue (tag {@code queue}), read from the database's exact counters (shared by every
 * client), at most once per {@link Builder#readEvery} however often the registry is scraped:
 *
 * <ul>
 *   <li>{@code fetchq.tasks} (gauge, tag {@code status}: planned, pending, active, completed,
 *       killed): tasks in each status;
 *   <li>{@code fetchq.tasks.pushed}, {@code .picked}, {@code .processed}, {@code .rescheduled},
 *       {@code .rejected}, {@code .orphaned} and {@code fetchq.errors} (function counters): the
 *       queue's flow counters;
 *   <li>{@code fetchq.queue.oldest.due.age} (time gauge): how long the task workers pick next has
 *       waited since its due time (or a PLANNED task past its due time, if that is older), zero
 *       when none; with one priority and version it is the oldest due task;
 *   <li>{@code fetchq.queue.paused} (gauge): 1 while the queue is paused.
 * </ul>
 *
 * Measured in this JVM, as its workers go:
 *
 * <ul>
 *   <li>{@code fetchq.handler.duration} (timer, tags {@code queue}, {@code outcome}: complete,
 *       reschedule, reject, kill, drop, release; {@code failed}: whether the handler threw): each
 *       handler run; its count by outcome counts the runs that killed, rejected, and so on;
 *   <li>{@code fetchq.task.latency} (timer): from the pick that handed a task out to the end of its
 *       run, waiting for a handler thread included;
 *   <li>{@code fetchq.pick.duration} (timer, tag {@code result}: tasks or empty) and {@code
 *       fetchq.settle.duration} (timer, tag {@code result}: ok or failed): the round trips;
 *   <li>{@code fetchq.settle.stale} (counter): outcomes refused because their lease was no longer
 *       current or their run was cancelled.
 * </ul>
 *
 * Per client: {@code fetchq.database.up} (gauge: 1 while the client reaches its database; reads no
 * database) and {@code fetchq.maintenance.failures} (function counter).
 */
public final class FetchqMetrics implements MeterBinder, WorkerObserver {
  private final Set<String> extraQueues;
  private final Iterable<Tag> commonTags;
  private final Duration readEvery;
  private final Clock clock;
  private final Map<String, QueueTimers> timers = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private volatile Fetchq fetchq;
  private boolean gaugesBound;

  private FetchqMetrics(Builder builder) {
    this.extraQueues = Set.copyOf(builder.queues);
    this.commonTags = Tags.of(builder.tags);
    this.readEvery = builder.readEvery;
    this.clock = builder.clock;
  }

  /** Metrics of the client's declared queues and every queue in its database, read every second. */
  public static FetchqMetrics create() {
    return builder().build();
  }

  /** Settings for the metrics. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = Require.notNull("registry", registry);
    bindGauges();
  }

  @Override
  public void attached(Fetchq fetchq) {
    this.fetchq = fetchq;
    bindGauges();
  }

  // ------------------------------------------------------------------ measured in this JVM

  @Override
  public void picked(String queue, int asked, int picked, long nanos) {
    QueueTimers t = timers(queue);
    if (t != null) {
      (picked > 0 ? t.pickTasks : t.pickEmpty).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void runEnded(RunEnd end) {
    QueueTimers t = timers(end.queue());
    if (t == null || end.outcome() == null) {
      return;
    }
    t.handler(end.outcome(), end.failed()).record(end.handlerNanos(), TimeUnit.NANOSECONDS);
    t.latency.record(end.sincePickNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void settled(String queue, int applied, int stale, long nanos) {
    QueueTimers t = timers(queue);
    if (t != null) {
      t.settleOk.record(nanos, TimeUnit.NANOSECONDS);
      if (stale > 0) {
        t.stale.increment(stale);
      }
    }
  }

  @Override
  public void settleFailed(String queue, int outcomes, long nanos) {
    QueueTimers t = timers(queue);
    if (t != null) {
      t.settleFailed.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The timers of {@code queue}, made on first use; null before a registry is bound. */
  private QueueTimers timers(String queue) {
    MeterRegistry r = registry;
    if (r == null) {
      return null;
    }
    return timers.computeIfAbsent(queue, q -> new QueueTimers(r, Tags.concat(commonTags, "queue", q)));
  }

  /** The meters of one queue that this JVM's workers feed; looked up once, then kept. */
  private static final class QueueTimers {
    private final MeterRegistry registry;
    private final Tags tags;
    final Timer pickTasks;
    final Timer pickEmpty;
    final Timer settleOk;
    final Timer settleFailed;
    final Timer latency;
    final Counter stale;
    private final Map<Outcome.Kind, Timer> succeeded = new EnumMap<>(Outcome.Kind.class);
    private final Map<Outcome.Kind, Timer> failed = new EnumMap<>(Outcome.Kind.class);

    QueueTimers(MeterRegistry registry, Tags tags) {
      this.registry = registry;
      this.tags = tags;
      this.pickTasks = timer("fetchq.pick.duration", "a pick's round trip to the database", "result", "tasks");
      this.pickEmpty = timer("fetchq.pick.duration", "a pick's round trip to the database", "result", "empty");
      this.settleOk = timer("fetchq.settle.duration", "a settle's round trip to the database", "result", "ok");
      this.settleFailed =
          timer("fetchq.settle.duration", "a settle's round trip to the database", "result", "failed");
      this.latency = Timer.builder("fetchq.task.latency")
          .description("from the pick that handed a task out to the end of its run")
          .tags(tags)
          .register(registry);
      this.stale = Counter.builder("fetchq.settle.stale")
          .description("outcomes refused: lease no longer current, or run cancelled")
          .baseUnit("outcomes")
          .tags(tags)
          .register(registry);
      for (Outcome.Kind kind : Outcome.Kind.values()) {
        succeeded.put(kind, handlerTimer(kind, false));
        failed.put(kind, handlerTimer(kind, true));
      }
    }

    Timer handler(Outcome.Kind kind, boolean handlerFailed) {
      return (handlerFailed ? failed : succeeded).get(kind);
    }

    private Timer handlerTimer(Outcome.Kind kind, boolean handlerFailed) {
      return Timer.builder("fetchq.handler.duration")
          .description("a handler's run, by the outcome it led to")
          .tags(tags)
          .tag("outcome", kind.name().toLowerCase(Locale.ROOT))
          .tag("failed", Boolean.toString(handlerFailed))
          .register(registry);
    }

    private Timer timer(String name, String description, String tag, String value) {
      return Timer.builder(name).description(description).tags(tags).tag(tag, value).register(registry);
    }
  }

  // ------------------------------------------------------------------ read from the database

  private synchronized void bindGauges() {
    MeterRegistry r = registry;
    Fetchq client = fetchq;
    if (r == null || client == null || gaugesBound) {
      return;
    }
    gaugesBound = true;
    QueueReadings readings = new QueueReadings(client, readEvery, clock);
    Gauge.builder("fetchq.database.up", client, c -> c.health().available() ? 1 : 0)
        .description("1 while the client reaches its database")
        .tags(commonTags)
        .register(r);
    FunctionCounter.builder("fetchq.maintenance.failures", client, Fetchq::maintenanceFailures)
        .description("queue maintenances that failed since the client started")
        .tags(commonTags)
        .register(r);
    for (String queue : queues(client)) {
      bindQueue(r, readings, queue);
    }
  }

  /** The client's declared queues, the ones asked for, and those in its database now. */
  private Set<String> queues(Fetchq client) {
    Set<String> queues = new LinkedHashSet<>(client.declaredQueues());
    queues.addAll(extraQueues);
    try {
      client.queues().forEach(q -> queues.add(q.name()));
    } catch (RuntimeException e) {
      // the database is down: the declared queues are enough to start with
    }
    return queues;
  }

  private void bindQueue(MeterRegistry r, QueueReadings readings, String queue) {
    Tags tags = Tags.concat(commonTags, "queue", queue);
    for (TaskStatus status : TaskStatus.values()) {
      Gauge.builder("fetchq.tasks", readings, stat(queue, s -> s.count(status)))
          .description("tasks in each status, from the queue's counters")
          .baseUnit("tasks")
          .tags(tags)
          .tag("status", status.name().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(r);
    }
    flow(r, readings, queue, tags, "fetchq.tasks.pushed", "tasks added to the queue", QueueStats::pushed);
    flow(r, readings, queue, tags, "fetchq.tasks.picked", "picks, each starting a run", QueueStats::picked);
    flow(r, readings, queue, tags, "fetchq.tasks.processed", "runs ended by an outcome", QueueStats::processed);
    flow(r, readings, queue, tags, "fetchq.tasks.rescheduled", "runs ended by a reschedule", QueueStats::rescheduled);
    flow(r, readings, queue, tags, "fetchq.tasks.rejected", "runs ended by a reject", QueueStats::rejected);
    flow(r, readings, queue, tags, "fetchq.tasks.orphaned", "runs whose lock expired first", QueueStats::orphaned);
    flow(r, readings, queue, tags, "fetchq.errors", "entries written to the error log", QueueStats::errors);
    TimeGauge.builder("fetchq.queue.oldest.due.age", readings, TimeUnit.MILLISECONDS,
            rd -> rd.oldestDueAge(queue).toMillis())
        .description("how long the oldest due task has waited for a worker")
        .tags(tags)
        .strongReference(true)
        .register(r);
    Gauge.builder("fetchq.queue.paused", readings, rd -> rd.paused(queue) ? 1 : 0)
        .description("1 while the queue is paused for every client")
        .tags(tags)
        .strongReference(true)
        .register(r);
  }

  private static void flow(MeterRegistry r, QueueReadings readings, String queue, Tags tags, String name,
      String description, ToLongFunction<QueueStats> counter) {
    FunctionCounter.builder(name, readings, stat(queue, counter::applyAsLong))
        .description(description + ", from the queue's counters")
        .tags(tags)
        .register(r);
  }

  private static ToDoubleFunction<QueueReadings> stat(String queue, ToLongFunction<QueueStats> value) {
    return rd -> rd.stats(queue).map(s -> (double) value.applyAsLong(s)).orElse(Double.NaN);
  }

  /** Settings of {@link FetchqMetrics}. */
  public static final class Builder {
    private final Set<String> queues = new LinkedHashSet<>();
    private final java.util.List<Tag> tags = new java.util.ArrayList<>();
    private Duration readEvery = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Also meter {@code queue}, though the client neither declares it nor finds it at start. */
    public Builder queue(String queue) {
      queues.add(Require.queueName("queue", queue));
      return this;
    }

    /** A tag on every meter (an application name, say). */
    public Builder tag(String key, String value) {
      tags.add(Tag.of(Require.notNull("key", key), Require.notNull("value", value)));
      return this;
    }

    /**
     * How old a reading of a queue's counters may be before a scrape reads them again (default 1
     * second, at least 10 ms): bounds the queries metrics cost the database.
     */
    public Builder readEvery(Duration readEvery) {
      this.readEvery = Require.duration("readEvery", readEvery, Duration.ofMillis(10), Duration.ofHours(1));
      return this;
    }

    /** The clock the age of the oldest due task is measured by (for tests). */
    Builder clock(Clock clock) {
      this.clock = Require.notNull("clock", clock);
      return this;
    }

    public FetchqMetrics build() {
      return new FetchqMetrics(this);
    }
  }
}
