package io.fetchq.core;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import io.fetchq.FetchqException;
import io.fetchq.Handler;
import io.fetchq.PayloadCodec;
import io.fetchq.Queue;
import io.fetchq.QueueInfo;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.ThresholdPolicy;
import io.fetchq.UnreadablePayloadException;
import io.fetchq.internal.Require;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fetchq client: one per JVM. It opens the configured backend, creates the queues it was
 * given, and once started runs their workers and the maintenance that keeps every queue healthy.
 * {@link #close()} stops picking, lets running handlers finish within the grace period, settles
 * their outcomes and gives back the tasks it still holds so that others pick them at once.
 *
 * <pre>{@code
 * Fetchq fetchq = Fetchq.builder()
 *     .config(FetchqConfig.load())
 *     .queue("heroes", q -> q.maxAttempts(3).lock(Duration.ofMinutes(1)))
 *     .worker("heroes", new ScrapeHero(site), w -> w.concurrency(8).batch(10))
 *     .build();
 * fetchq.start();
 * fetchq.queue("heroes").push(NewTask.of("iron-man"));
 * }</pre>
 */
public final class Fetchq implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fetchq.class);

  /**
   * The queue Fetchq owns for the tasks of schedules declared with a handler, created when a client
   * declares one; declare it with {@link Builder#queue(String, UnaryOperator)} to set its options
   * (a longer lock for long runs, say). No other worker may run it.
   */
  public static final String SCHEDULES_QUEUE = "fetchq_schedules";

  private final FetchqConfig config;
  private final RuntimeClock clock;
  private final Storage storage;
  private final ResilientStorage resilience;
  private final Settler settler;
  private final LockWatch lockWatch;
  private final WakeUps wakeUps;
  private final CallerTransactions transactions;
  private final Payloads payloads;
  private final Maintenance maintenance;
  private final Map<String, QueueSettings> queueSettings;
  private final Set<String> declared;
  private final Map<String, Queue> handles = new ConcurrentHashMap<>();
  /** The workers by queue, in the order they were registered. */
  private final Map<String, Worker> workers = new LinkedHashMap<>();
  private final Thread shutdownHook;
  private final Object lifecycle = new Object();
  private boolean started;
  private boolean closed;

  private Fetchq(Builder builder, Injector injector, Map<String, QueueOptions> stored, List<Registration> registrations,
      Set<String> declared) {
    this.config = builder.config;
    this.queueSettings = Map.copyOf(builder.queues);
    this.declared = Collections.unmodifiableSet(declared);
    Observers observers = injector.getInstance(Observers.class);
    this.clock = injector.getInstance(RuntimeClock.class);
    this.storage = injector.getInstance(Storage.class);
    this.resilience = injector.getInstance(ResilientStorage.class);
    this.settler = injector.getInstance(Settler.class);
    this.lockWatch = injector.getInstance(LockWatch.class);
    this.wakeUps = injector.getInstance(WakeUps.class);
    this.transactions = injector.getInstance(CallerTransactions.class);
    this.payloads = builder.payloads;
    this.maintenance = injector.getInstance(Maintenance.class);
    Services services = injector.getInstance(Services.class);
    for (Registration registration : registrations) {
      workers.put(
          registration.queue(),
          new Worker(
              registration.queue(),
              registration.handler(),
              registration.options(),
              settings(registration.queue()),
              stored.get(registration.queue()),
              storage,
              transactions,
              payloads,
              settler,
              lockWatch,
              this::queue,
              services,
              clock,
              observers));
    }
    this.shutdownHook = builder.shutdownHook ? new Thread(this::close, "fetchq-shutdown") : null;
  }

  /** A builder with the built-in defaults; give it {@link FetchqConfig#load()} to read files and environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the workers, the wake-up listener and the maintenance schedule; at most once. */
  public void start() {
    synchronized (lifecycle) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "this Fetchq is closed" : "this Fetchq is already started");
      }
      started = true;
      wakeUps.listen(workers);
      workers.values().forEach(Worker::start);
      if (config.maintenanceEnabled()) {
        maintenance.start();
      }
      if (shutdownHook != null) {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      log.info("fetchq started: {} workers on {}; maintenance {}", workers.size(), workers.keySet(),
          config.maintenanceEnabled() ? "every " + config.maintenanceInterval() : "off");
    }
  }

  /** The handle of queue {@code name}, with the policies it was registered with (or the defaults). */
  public Queue queue(String name) {
    Require.queueName("queue", name);
    return handles.computeIfAbsent(
        name,
        n -> {
          QueueSettings settings = settings(n);
          return new WakingQueue(new StorageQueue(storage, n, settings.retry(), settings.threshold(),
              TimeOrderedSubjects.OF_THIS_JVM, transactions, payloads), wakeUps);
        });
  }

  /**
   * {@code task}'s payload read as {@code type} by this client's {@link PayloadCodec}; null when the
   * task has none. Handlers read theirs with {@code context.payload(type)}.
   *
   * @throws UnreadablePayloadException when the codec cannot read it as {@code type}, or there is
   *     no codec
   */
  public <T> T payload(Task task, Class<T> type) {
    Require.notNull("task", task);
    return payloads.read(task, type);
  }

  /**
   * The fire time the run of a schedule's task is for: the time it was planned at, which stays the
   * same through the retries of a failed run, and is past when a fire time missed while every
   * client was down runs at start. Empty when {@code task} is not a schedule's.
   */
  public static Optional<Instant> fireTime(Task task) {
    Require.notNull("task", task);
    ScheduleMarker marker = ScheduleMarker.read(task.payload());
    return marker == null ? Optional.empty() : Optional.ofNullable(ScheduleRule.fire(marker));
  }

  /**
   * What this client knows of its database now: available, unavailable (calls fail fast and workers
   * pause), or probing whether it is back. Reads no database; cheap enough for a health check or a
   * metric gauge.
   */
  public DatabaseHealth health() {
    return resilience.health();
  }

  /**
   * Queue maintenances (promotion, orphan recovery, pruning, retiring; one queue in one pass) that
   * failed since this client started. A failed queue is logged and tried again next pass, and never
   * stops the other queues' maintenance; a count that keeps growing is worth an alert.
   */
  public long maintenanceFailures() {
    return maintenance.failures();
  }

  /**
   * Runs one full maintenance pass over every queue now, in this thread; for tests and cron jobs. A
   * queue whose maintenance fails is skipped and counted in {@link #maintenanceFailures()}; a
   * database that is down ends the pass with a {@link DatabaseUnavailableException}.
   */
  public MaintenanceResult runMaintenance() {
    return maintenance.runOnce(EnumSet.allOf(MaintenanceRequest.Job.class));
  }

  /** The most tasks one {@link #drain} or {@link #drainAll} runs before it gives up. */
  public static final int DRAIN_LIMIT = 100_000;

  /**
   * Runs every due task of {@code queue} on the calling thread, with the handler of the worker
   * registered for it, until none is due: PLANNED tasks whose time came are made due first (the
   * queue's maintenance runs in this thread), and so are tasks the handlers push to the queue or
   * reschedule to now. Returns once every outcome is settled. For tests of a client that is built
   * and never started (see {@code fetchq-test}): nothing runs in the background, and what the
   * handlers did can be read as soon as this returns.
   *
   * @return how many tasks ran
   * @throws io.fetchq.InvalidArgumentException when this client has no worker for {@code queue}
   * @throws IllegalStateException when the client is started or closed, or when {@link
   *     #DRAIN_LIMIT} tasks ran and some are still due (a handler that reschedules its task to now?)
   */
  public int drain(String queue) {
    Require.queueName("queue", queue);
    Worker worker = workers.get(queue);
    if (worker == null) {
      throw new io.fetchq.InvalidArgumentException("queue", "has no worker in this client: " + queue
          + "; register one with Fetchq.Builder.worker");
    }
    return drain(List.of(Map.entry(queue, worker)));
  }

  /**
   * Runs every due task of every queue this client has a worker for, as {@link #drain} does for
   * one, until a round over all of them runs nothing: tasks a handler pushes to another worker's
   * queue run too.
   *
   * @return how many tasks ran
   * @throws IllegalStateException as {@link #drain} does
   */
  public int drainAll() {
    return drain(List.copyOf(workers.entrySet()));
  }

  private int drain(List<Map.Entry<String, Worker>> queues) {
    synchronized (lifecycle) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "this Fetchq is closed"
            : "this Fetchq is started: its workers run the tasks; drain a client that is built and not started");
      }
    }
    Set<MaintenanceRequest.Job> due = EnumSet.of(MaintenanceRequest.Job.PROMOTE, MaintenanceRequest.Job.RECOVER_ORPHANS);
    int total = 0;
    try {
      boolean moved = true;
      while (moved) {
        moved = false;
        for (Map.Entry<String, Worker> entry : queues) {
          MaintenanceResult made = maintenance.runOnce(entry.getKey(), due);
          int ran = entry.getValue().drain(DRAIN_LIMIT - total);
          total += ran;
          if (total >= DRAIN_LIMIT) {
            throw new IllegalStateException("drain ran " + DRAIN_LIMIT + " tasks and some are still due: does a"
                + " handler reschedule its task to now?");
          }
          moved |= ran > 0 || made.promoted() + made.recovered() > 0;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchqException("drain was interrupted after " + total + " tasks", e);
    }
    return total;
  }

  /**
   * The queues this client declared, runs workers for or keeps schedules in (with {@link
   * #SCHEDULES_QUEUE} when it declares a schedule with a handler), in the order they were given.
   */
  public Set<String> declaredQueues() {
    return declared;
  }

  /** Every queue in the database, by name, with its stored options and whether it is paused. */
  public List<QueueInfo> queues() {
    return storage.queues();
  }

  /**
   * Pauses {@code queue} for every client at once: from the next pick on, no worker in any JVM is
   * handed its tasks, while pushes still land and runs under way finish and settle. Stored with the
   * queue, so it outlives restarts until {@link #resume}.
   *
   * @throws QueueNotFoundException when there is no such queue
   */
  public void pause(String queue) {
    storage.pause(Require.queueName("queue", queue), true);
  }

  /**
   * Lets every client pick {@code queue}'s tasks again, and wakes the idle workers of this JVM at
   * once and of other JVMs through the wake-up channel (or at their next poll without one).
   *
   * @throws QueueNotFoundException when there is no such queue
   */
  public void resume(String queue) {
    storage.pause(Require.queueName("queue", queue), false);
    wakeUps.pushed(queue);
  }

  /**
   * Deletes {@code queue} with its tasks and error log; false when there was none. Workers still
   * registered on it in any JVM fail their picks until it is created again: stop them first.
   */
  public boolean dropQueue(String queue) {
    handles.remove(Require.queueName("queue", queue));
    return storage.dropQueue(queue);
  }

  /**
   * Deletes every task of {@code queue} and its error log, keeping the queue and its options;
   * returns how many tasks. Counters stay equal to rows.
   *
   * @throws QueueNotFoundException when there is no such queue
   */
  public long truncateQueue(String queue) {
    return storage.truncateQueue(Require.queueName("queue", queue));
  }

  private QueueSettings settings(String queue) {
    QueueSettings settings = queueSettings.get(queue);
    return settings != null ? settings : defaults(config);
  }

  private static QueueSettings defaults(FetchqConfig config) {
    return new QueueSettings(config.queueDefaults(), config.retryDefaults(), ThresholdPolicy.attemptsOnly());
  }

  /**
   * Stops picking, waits up to the configured grace period for running handlers, settles their
   * outcomes, gives back every task still held, and releases the database. Safe to call twice.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    long deadline = clock.nanos() + config.shutdownGrace().toNanos();
    try {
      maintenance.close();
      wakeUps.close();
      workers.values().forEach(Worker::stopPicking);
      int released = 0;
      for (Worker worker : workers.values()) {
        if (!worker.awaitRuns(deadline)) {
          released += worker.releaseUnfinished();
        }
      }
      if (released > 0) {
        log.warn("{} handlers did not finish within the grace period; their tasks were given back", released);
      }
      settler.close(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      workers.values().forEach(Worker::shutdownExecutor);
      lockWatch.close();
      storage.close();
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
          // the JVM is already shutting down
        }
      }
      log.info("fetchq closed");
    }
  }

  /** One worker registration. */
  private record Registration(String queue, Handler handler, WorkerOptions options) {}

  /** Collects queues, workers and services, then opens the backend and builds the client. */
  public static final class Builder {
    private FetchqConfig config = FetchqConfig.defaults();
    private DataSource dataSource;
    private final Map<String, QueueSettings> queues = new LinkedHashMap<>();
    private final List<Registration> workers = new ArrayList<>();
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private boolean shutdownHook;
    private boolean shutdownHookSet;
    private ResilienceSettings resilience = ResilienceSettings.defaults();
    private RuntimeClock clock = RuntimeClock.SYSTEM;
    private StorageProvider provider;
    private Payloads payloads;
    private final List<WorkerObserver> observers = new ArrayList<>();
    private final Map<String, DeclaredSchedule> schedules = new LinkedHashMap<>();
    private Boolean dropUndeclaredSchedules;

    private Builder() {}

    /** The configuration: backend, database, schema, defaults. */
    public Builder config(FetchqConfig config) {
      this.config = Require.notNull("config", config);
      return this;
    }

    /** The user's own data source; the backend then makes no pool and never closes it. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Require.notNull("dataSource", dataSource);
      return this;
    }

    /** Declares a queue with the default settings; it is created if missing. */
    public Builder queue(String name) {
      return queue(name, UnaryOperator.identity());
    }

    /**
     * Declares a queue: it is created with these options if missing. A queue that exists keeps the
     * options stored with it, which every client uses (a difference is logged); {@link
     * Queue#updateOptions} changes them. The retry and threshold policies are this client's own.
     */
    public Builder queue(String name, UnaryOperator<QueueSettings> settings) {
      Require.queueName("queue", name);
      Require.notNull("settings", settings);
      QueueSettings base = queues.getOrDefault(name, defaults(config));
      queues.put(name, Require.notNull("settings", settings.apply(base)));
      return this;
    }

    /** A worker for {@code queue} with the default worker options. */
    public Builder worker(String queue, Handler handler) {
      return worker(queue, handler, UnaryOperator.identity());
    }

    /** A worker for {@code queue}: {@code handler} runs its tasks as {@code options} say. */
    public Builder worker(String queue, Handler handler, UnaryOperator<WorkerOptions> options) {
      Require.queueName("queue", queue);
      Require.notNull("handler", handler);
      Require.notNull("options", options);
      if (queue.equals(SCHEDULES_QUEUE)) {
        throw new io.fetchq.InvalidArgumentException("queue", SCHEDULES_QUEUE + " is Fetchq's queue of schedules; its"
            + " worker runs the handlers given to schedule(name, cron, zone, handler)");
      }
      if (workers.stream().anyMatch(w -> w.queue().equals(queue))) {
        throw new io.fetchq.InvalidArgumentException("queue", "has a worker already: " + queue);
      }
      WorkerOptions base =
          new WorkerOptions(
              config.workerConcurrency(),
              config.workerBatch(),
              null,
              null,
              config.workerIdleMin(),
              config.workerIdleMax(),
              null);
      workers.add(new Registration(queue, handler, Require.notNull("options", options.apply(base))));
      return this;
    }

    /**
     * A cron schedule run by its own handler: {@code handler} runs at every fire time of {@code cron}
     * in {@code zone}, once across every client that declares it, as one task whose subject is
     * {@code name} in {@link #SCHEDULES_QUEUE}. Whatever the handler returns, the task is then
     * planned at the first fire time after now; a failed run is logged and counted, and retried
     * after the queue's retry delay if that comes before the next fire time, else it waits for it.
     * {@link Fetchq#fireTime(Task)} tells the handler which fire time it runs for.
     *
     * <p>{@code cron} has 5 fields (minute hour day-of-month month day-of-week, as Unix cron), 6 with
     * seconds first (as Spring), or is a macro ({@code @yearly}, {@code @monthly}, {@code @weekly},
     * {@code @daily}, {@code @midnight}, {@code @hourly}). In a daylight-saving gap a local time
     * that does not exist does not fire that day (a daily 02:30 in Europe/Rome skips the last Sunday
     * of March); in the overlap, a daily 02:30 fires once, at the first 02:30, while an hourly
     * schedule fires in each real hour.
     *
     * <p>At {@link #build()}, a new schedule's task is planned at its next fire time, a changed
     * rule at the new rule's next fire time; a fire time missed while every client was down runs
     * once at start ({@link ScheduleOptions#missed}).
     *
     * @throws io.fetchq.InvalidArgumentException naming the field: a name that breaks the subject
     *     rule or is declared already, a bad cron expression (with the expression and the parser's
     *     reason), a null zone or handler
     */
    public Builder schedule(String name, String cron, ZoneId zone, Handler handler) {
      return schedule(name, cron, zone, handler, UnaryOperator.identity());
    }

    /** As {@link #schedule(String, String, ZoneId, Handler)}, with these options (the missed-fire policy). */
    public Builder schedule(
        String name, String cron, ZoneId zone, Handler handler, UnaryOperator<ScheduleOptions> options) {
      Require.notNull("handler", handler);
      return declare(name, cron, zone, SCHEDULES_QUEUE, handler, options, "code");
    }

    /**
     * A cron schedule run by the worker of {@code queue}: its task, whose subject is {@code name} and
     * whose payload is the schedule's rule, lives in that queue (created with the defaults when
     * missing), and its worker's handler runs it at every fire time, once across every client that
     * declares it. Otherwise as {@link #schedule(String, String, ZoneId, Handler)}.
     */
    public Builder schedule(String name, String cron, ZoneId zone, String queue) {
      return schedule(name, cron, zone, queue, UnaryOperator.identity());
    }

    /** As {@link #schedule(String, String, ZoneId, String)}, with these options (the missed-fire policy). */
    public Builder schedule(
        String name, String cron, ZoneId zone, String queue, UnaryOperator<ScheduleOptions> options) {
      Require.queueName("queue", queue);
      if (queue.equals(SCHEDULES_QUEUE)) {
        throw new io.fetchq.InvalidArgumentException("queue", SCHEDULES_QUEUE + " holds the schedules declared with a"
            + " handler; give the handler instead");
      }
      return declare(name, cron, zone, queue, null, options, "code");
    }

    /**
     * Whether this client drops, when built, the tasks of schedules it does not declare: those in
     * {@link #SCHEDULES_QUEUE}, and those with a schedule's payload in the queues it declares (it
     * reads every task of those queues once to find them). Off by default ({@code
     * fetchq.schedules.drop-undeclared}): a removed schedule's task is left, and its runs go on
     * wherever a client still runs its queue. Turn it on only when every client declares the same
     * schedules, or clients of two versions drop each other's.
     */
    public Builder dropUndeclaredSchedules(boolean drop) {
      this.dropUndeclaredSchedules = drop;
      return this;
    }

    private Builder declare(String name, String cron, ZoneId zone, String queue, Handler handler,
        UnaryOperator<ScheduleOptions> options, String origin) {
      Require.subject("name", name);
      Require.notNull("zone", zone);
      Require.notNull("options", options);
      ScheduleOptions chosen = Require.notNull("options", options.apply(ScheduleOptions.defaults()));
      ScheduleRule rule = ScheduleRule.of(cron, zone, chosen.missed());
      if (schedules.containsKey(name)) {
        throw new io.fetchq.InvalidArgumentException("name", "has a schedule already: " + name);
      }
      schedules.put(name, new DeclaredSchedule(name, rule, queue, handler, origin));
      return this;
    }

    /** An object of the user's that handlers reach through {@code context.service(type)}. */
    public <T> Builder service(Class<T> type, T instance) {
      Require.notNull("type", type);
      services.put(type, Require.notNull("instance", instance));
      return this;
    }

    /**
     * The codec that writes object payloads to JSON and reads them back (tasks pushed with {@code
     * NewTask.payload(Object)}, actions with {@code withPayload(Object)}, handlers made with {@code
     * Handler.typed}). By default the first {@link PayloadCodec} on the class path ({@code
     * fetchq-jackson} provides one), else none: then only JSON text is accepted.
     */
    public Builder payloadCodec(PayloadCodec codec) {
      this.payloads = Payloads.of(Require.notNull("codec", codec));
      return this;
    }

    /** Whether a JVM shutdown hook closes the client gracefully (default: the configuration's). */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      this.shutdownHookSet = true;
      return this;
    }

    /** How calls to the database are retried and when they stop while it is down. */
    public Builder resilience(ResilienceSettings resilience) {
      this.resilience = Require.notNull("resilience", resilience);
      return this;
    }

    /**
     * Tells {@code observer} what the workers do (picks, runs, settles) and hands it the client once
     * built; for metrics and tracing. Observers are told in the order they were added.
     */
    public Builder observe(WorkerObserver observer) {
      observers.add(Require.notNull("observer", observer));
      return this;
    }

    /**
     * The clock the runtime reads instants from instead of the system's UTC clock: for tests that
     * move time (see {@code fetchq-test}), together with a backend that reads the same clock. A
     * backend on a database decides when tasks are due by the database's clock, which this does not
     * move.
     */
    public Builder clock(java.time.Clock clock) {
      return clock(RuntimeClock.following(Require.notNull("clock", clock)));
    }

    /**
     * The backend to open, given in code instead of found on the class path by the configured name
     * ({@code fetchq.storage}); for a backend made with arguments of its own, such as a test's
     * in-memory storage on a settable clock.
     */
    public Builder storage(StorageProvider provider) {
      this.provider = Require.notNull("provider", provider);
      return this;
    }

    /** The clock the runtime reads instead of the system's (for tests; the system's by default). */
    Builder clock(RuntimeClock clock) {
      this.clock = Require.notNull("clock", clock);
      return this;
    }

    /**
     * Creates the declared queues and the queues of the workers that are missing (a worker's queue
     * not declared gets the configured defaults); never changes a queue that exists. Returns the
     * options stored with every queue this client declared or works.
     */
    private Map<String, QueueOptions> declare(Storage storage, List<Registration> workers, Set<String> scheduled) {
      Map<String, QueueOptions> wanted = new LinkedHashMap<>();
      queues.forEach((name, settings) -> wanted.put(name, settings.options()));
      workers.forEach(w -> wanted.putIfAbsent(w.queue(), config.queueDefaults()));
      scheduled.forEach(q -> wanted.putIfAbsent(q, config.queueDefaults()));
      Map<String, Boolean> created = new LinkedHashMap<>();
      wanted.forEach((name, options) -> created.put(name, storage.createQueue(name, options)));
      Map<String, QueueOptions> stored = new LinkedHashMap<>();
      storage.queues().stream().filter(q -> wanted.containsKey(q.name())).forEach(q -> stored.put(q.name(), q.options()));
      queues.forEach((name, settings) -> {
        QueueOptions options = stored.get(name);
        if (!created.get(name) && options != null && !options.equals(settings.options())) {
          log.warn("queue {} exists with the options {}; this client declared {} and works with the stored"
              + " ones (Queue.updateOptions changes them for every client)", name, options, settings.options());
        }
      });
      return stored;
    }

    /**
     * What made the injector fail: the first binding's failure as it was thrown (the backend's
     * failure to open, most often, which every binding that needs the storage reports again).
     */
    private static RuntimeException cause(CreationException e) {
      Throwable first = e.getErrorMessages().stream()
          .map(Message::getCause)
          .filter(java.util.Objects::nonNull)
          .findFirst()
          .orElse(null);
      if (first instanceof RuntimeException runtime) {
        return runtime;
      }
      return first == null ? e : new FetchqException("fetchq could not be built: " + first.getMessage(), first);
    }

    /**
     * The schedules of this builder and of the configuration, checked before the database is
     * touched: a name declared in both is refused.
     */
    private Map<String, DeclaredSchedule> allSchedules() {
      Map<String, DeclaredSchedule> all = new LinkedHashMap<>(schedules);
      for (ConfigSchedules.ConfiguredSchedule configured : config.schedules()) {
        DeclaredSchedule inCode = all.get(configured.name());
        if (inCode != null) {
          throw new io.fetchq.InvalidArgumentException("name", "the schedule " + configured.name()
              + " is declared both in code and in the configuration (" + configured.source() + "); declare it once");
        }
        if (configured.queue().equals(SCHEDULES_QUEUE)) {
          throw new io.fetchq.InvalidArgumentException("queue", "the schedule " + configured.name() + " names "
              + SCHEDULES_QUEUE + ", which holds the schedules declared with a handler in code (" + configured.source()
              + ")");
        }
        all.put(configured.name(), new DeclaredSchedule(configured.name(),
            ScheduleRule.of(configured.cron(), configured.zone(), configured.missed()), configured.queue(), null,
            configured.source().toString()));
      }
      return all;
    }

    /** The workers to run: the registered ones, and the worker of the schedules with a handler when there are any. */
    private List<Registration> registrations(Collection<DeclaredSchedule> declared) {
      List<Registration> all = new ArrayList<>(workers);
      Map<String, Handler> handlers = new LinkedHashMap<>();
      declared.stream().filter(d -> d.handler() != null).forEach(d -> handlers.put(d.name(), d.handler()));
      if (!handlers.isEmpty()) {
        all.add(new Registration(SCHEDULES_QUEUE, new ScheduleHandlers(handlers), new WorkerOptions(
            config.workerConcurrency(), config.workerBatch(), null, null, config.workerIdleMin(), config.workerIdleMax(),
            null)));
      }
      return all;
    }

    /**
     * Where the backend keeps its data: the configured database or the program's data source; a
     * backend that needs no database (the in-memory one) and is given none gets only the schema name.
     */
    private StorageSettings storageSettings(StorageProvider provider) {
      if (provider.needsDatabase() || dataSource != null || config.dbUrl().isPresent()) {
        return config.storageSettings(dataSource);
      }
      return StorageSettings.withoutDatabase().schema(config.schema());
    }

    /** Opens the backend (migrating its schema as configured), creates the declared queues, plans the schedules' tasks, and returns the client, not yet started. */
    public Fetchq build() {
      if (!shutdownHookSet) {
        shutdownHook = config.shutdownHook();
      }
      Map<String, DeclaredSchedule> declaredSchedules = allSchedules();
      List<Registration> registrations = registrations(declaredSchedules.values());
      Set<String> scheduled = new LinkedHashSet<>();
      declaredSchedules.values().forEach(d -> scheduled.add(d.queue()));
      Set<String> declaredQueues = new LinkedHashSet<>(queues.keySet());
      registrations.forEach(r -> declaredQueues.add(r.queue()));
      declaredQueues.addAll(scheduled);
      boolean dropUndeclared = dropUndeclaredSchedules != null
          ? dropUndeclaredSchedules : config.schedulesDropUndeclared();
      if (payloads == null) {
        payloads = Payloads.discovered();
      }
      config.logOnce(log);
      StorageProvider provider =
          this.provider != null ? this.provider : StorageBackends.onClasspath().named(config.storage());
      StorageSettings settings = storageSettings(provider);
      return new StartupRetry(config.startupTimeout(), clock).run(() ->
          open(provider, settings, declaredSchedules, registrations, scheduled, declaredQueues, dropUndeclared));
    }

    /**
     * One attempt at opening the backend, declaring the queues and planning the schedules; what it
     * started is stopped again when it fails.
     */
    private Fetchq open(StorageProvider provider, StorageSettings settings, Map<String, DeclaredSchedule> declaredSchedules,
        List<Registration> registrations, Set<String> scheduled, Set<String> declaredQueues, boolean dropUndeclared) {
      Map<String, QueueOptions> stored = new ConcurrentHashMap<>();
      Injector injector;
      try {
        injector =
            Guice.createInjector(
                Stage.PRODUCTION,
                new StorageModule(provider, settings, resilience),
                new RuntimeModule(config, Map.copyOf(queues), stored, new Services(services), clock,
                    observers.isEmpty() ? Observers.NONE : new Observers(observers)));
      } catch (CreationException e) {
        throw cause(e);
      }
      Storage storage = injector.getInstance(Storage.class);
      try {
        stored.putAll(declare(storage, registrations, scheduled));
        if (!declaredSchedules.isEmpty() || dropUndeclared) {
          new SchedulePlanner(storage, clock, stored).plan(declaredSchedules.values(), dropUndeclared, declaredQueues);
        }
        Fetchq fetchq = new Fetchq(this, injector, stored, registrations, declaredQueues);
        injector.getInstance(Observers.class).attached(fetchq);
        return fetchq;
      } catch (RuntimeException e) {
        release(injector);
        throw e instanceof FetchqException || e instanceof IllegalArgumentException
            ? e
            : new FetchqException("fetchq could not be built: " + e.getMessage(), e);
      }
    }

    /** Stops the threads a failed attempt started and closes its storage. */
    private static void release(Injector injector) {
      List<AutoCloseable> started = List.of(injector.getInstance(Maintenance.class),
          injector.getInstance(WakeUps.class), injector.getInstance(Settler.class),
          injector.getInstance(LockWatch.class), injector.getInstance(Storage.class));
      for (AutoCloseable closeable : started) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.debug("closing {} after a failed start failed", closeable.getClass().getSimpleName(), e);
        }
      }
    }
  }
}
