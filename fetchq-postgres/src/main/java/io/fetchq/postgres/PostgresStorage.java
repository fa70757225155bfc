package io.fetchq.postgres;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.StorageException;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.CancelResult;
import io.fetchq.Limits;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.TaskCursor;
import io.fetchq.TaskStatus;
import io.fetchq.internal.Require;
import io.fetchq.spi.Capabilities;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Notifications;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.PushResult;
import io.fetchq.QueueInfo;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import io.fetchq.spi.TaskQuery;
import io.fetchq.spi.TaskStore;
import io.fetchq.spi.UpsertResult;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * A PostgreSQL backend over one {@link TableLayout}: every task statement is one SQL statement in
 * one transaction, written once in the mapper XML files beside its mapper interfaces and loaded
 * with the layout's table names; what differs by layout (making, emptying, dropping and tidying a
 * queue's tables, reading its error log) is the layout's {@link TableLayout.Queues}. Arguments are
 * checked here, once, before anything reaches the database.
 */
final class PostgresStorage implements Storage {
  /** The most outcomes or leases one settle or extend statement takes; a larger request runs as several. */
  static final int STATEMENT_ROWS = 1_000;
  /** How often an upsert runs again for subjects that a concurrent push inserted under it. */
  private static final int UPSERT_ROUNDS = 8;
  /** SQLSTATE undefined_table: a statement named the table of a queue dropped meanwhile. */
  private static final String UNDEFINED_TABLE = "42P01";

  private final SqlSessionFactory factory;
  private final Sessions sessions;
  private final ListenerConnection listenerConnection;
  private final QueueIds queueIds;
  private final TableLayout.Queues queues;
  private final AutoCloseable ownedPool;
  private final PostgresNotifications notifications;
  /**
   * Whether LISTEN works where the backend runs ({@link ListenProbe}): found out the first time
   * wake-ups are asked about, not at open, so that a storage that never uses them (a tool, a test
   * on a pool of one connection) never holds a connection for the probe. Shared with the stores
   * bound to a caller's connection.
   */
  private final java.util.concurrent.atomic.AtomicReference<Boolean> listening;
  private final LeaseBlocks leases;
  /**
   * Whether the storage runs the statements made for Citus: small pushes as routed statements
   * (RoutedPush), and lease tokens from blocks (LeaseBlocks) rather than from nextval in pick.
   */
  private final boolean routed;
  /** The error log's message for a task whose lock expired before its outcome came. */
  static final String ORPHAN_MESSAGE = "lock expired before an outcome";

  /**
   * A storage over MyBatis sessions made by {@link PostgresStorageProvider}, finding queue ids
   * through {@code queueIds}; {@code ownedPool} is closed with it (null when the user owns the data
   * source).
   */
  PostgresStorage(SqlSessionFactory sessions, QueueIds queueIds, TableLayout.Queues queues,
      AutoCloseable ownedPool, ListenerConnection listenerConnection, boolean routed) {
    this.routed = routed;
    this.factory = sessions;
    this.sessions = new PooledSessions(sessions);
    this.listenerConnection = listenerConnection;
    this.queueIds = queueIds;
    this.queues = queues;
    this.ownedPool = ownedPool;
    this.leases = new LeaseBlocks();
    this.notifications = new PostgresNotifications(this::run, listenerConnection);
    this.listening = new java.util.concurrent.atomic.AtomicReference<>();
  }

  /** {@code storage}'s statements run through {@code sessions} instead; it owns no pool. */
  private PostgresStorage(PostgresStorage storage, Sessions sessions) {
    this.routed = storage.routed;
    this.factory = storage.factory;
    this.sessions = sessions;
    this.listenerConnection = storage.listenerConnection;
    this.queueIds = storage.queueIds;
    this.queues = storage.queues;
    this.ownedPool = null;
    this.leases = storage.leases;
    this.notifications = new PostgresNotifications(this::run, listenerConnection);
    this.listening = storage.listening;
  }

  /** Whether LISTEN works where the backend runs, probed once, on first asking. */
  private boolean listening() {
    Boolean known = listening.get();
    if (known == null) {
      synchronized (listening) {
        known = listening.get();
        if (known == null) {
          known = ListenProbe.hears(notifications, listenerConnection);
          listening.set(known);
        }
      }
    }
    return known;
  }

  /**
   * {@inheritDoc} Queue ids are read from the pool (a queue is made before its tasks are pushed);
   * every statement that writes tasks, counters, error log entries or wake-ups runs on {@code
   * connection}.
   */
  @Override
  public TaskStore on(Connection connection) {
    return new PostgresStorage(this, new CallerSessions(factory.getConfiguration(), connection));
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(listening(), true);
  }

  /** The wake-ups, unless the backend is reached through a pooler where LISTEN does not last. */
  @Override
  public Optional<Notifications> notifications() {
    return listening() ? Optional.of(notifications) : Optional.empty();
  }

  @Override
  public boolean createQueue(String queue, QueueOptions options) {
    Require.queueName("queue", queue);
    Require.notNull("options", options);
    return layout("createQueue", () -> queues.create(queue, options));
  }

  @Override
  public void updateQueue(String queue, QueueOptions options) {
    Require.queueName("queue", queue);
    Require.notNull("options", options);
    QueueRow row = QueueRow.of(queue, options);
    if (run("updateQueue", s -> s.getMapper(QueueMapper.class).update(row)) == 0) {
      throw new QueueNotFoundException(queue);
    }
  }

  @Override
  public List<QueueInfo> queues() {
    return run("queues", s -> s.getMapper(QueueMapper.class).list()).stream()
        .map(QueueRow::toInfo)
        .toList();
  }

  @Override
  public boolean dropQueue(String queue) {
    Require.queueName("queue", queue);
    queueIds.forget(queue);
    return layout("dropQueue", () -> queues.drop(queue));
  }

  @Override
  public long truncateQueue(String queue) {
    Require.queueName("queue", queue);
    long deleted = call(queue, id -> layout("truncateQueue", () -> queues.truncate(id, queue)), n -> n < 0);
    if (deleted < 0) {
      throw new QueueNotFoundException(queue);
    }
    return deleted;
  }

  @Override
  public PushResult push(PushRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    List<String> added = call(queue, id -> {
      if (routes(request.tasks().size())) {
        return transaction("push", s -> RoutedPush.push(s, id, queue, request.tasks()));
      }
      IncomingTasks tasks = IncomingTasks.of(id, queue, request.tasks(), false);
      return run("push", s -> s.getMapper(TaskMapper.class).push(tasks));
    }, List::isEmpty);
    return new PushResult(added);
  }

  @Override
  public UpsertResult upsert(PushRequest request) {
    Require.notNull("request", request);
    List<String> inserted = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    PushRequest round = request;
    for (int i = 0; i < UPSERT_ROUNDS && round != null; i++) {
      List<NewTask> left = round.tasks();
      List<SubjectRow> rows = call(request.queue(), id -> {
        if (routes(left.size())) {
          return transaction("upsert", s -> RoutedPush.upsert(s, id, request.queue(), left));
        }
        IncomingTasks tasks = IncomingTasks.of(id, request.queue(), left, true);
        return run("upsert", s -> s.getMapper(TaskMapper.class).upsert(tasks));
      }, List::isEmpty);
      Set<String> done = new HashSet<>();
      for (SubjectRow row : rows) {
        done.add(row.subject());
        switch (row.outcome()) {
          case "inserted" -> inserted.add(row.subject());
          case "updated" -> updated.add(row.subject());
          default -> skipped.add(row.subject());
        }
      }
      round = remainder(round, done);
    }
    if (round != null) {
      throw new StorageException(
          "upsert could not settle " + round.tasks().size() + " subjects under concurrent writes",
          null, true, null);
    }
    return new UpsertResult(inserted, updated, skipped);
  }

  /** The tasks of {@code request} whose subjects are not in {@code done}, or null when none are left. */
  private static PushRequest remainder(PushRequest request, Set<String> done) {
    var left = request.tasks().stream().filter(t -> !done.contains(t.subject())).toList();
    return left.isEmpty() ? null : new PushRequest(request.queue(), left);
  }

  @Override
  public List<Task> get(SubjectsRequest request) {
    Require.notNull("request", request);
    String[] subjects = request.subjects().toArray(String[]::new);
    String queue = request.queue();
    return call(queue,
        id -> run("get", s -> s.getMapper(TaskMapper.class).get(id, queue, subjects)), List::isEmpty);
  }

  @Override
  public TaskPage list(TaskQuery query) {
    Require.notNull("query", query);
    String queue = query.queue();
    TaskFilter filter = query.filter();
    TaskCursor.read(filter);
    List<Task> rows = call(queue,
        id -> run("list", s -> s.getMapper(TaskMapper.class).list(TaskListing.of(id, queue, filter))),
        List::isEmpty);
    if (rows.size() <= filter.limit()) {
      return new TaskPage(rows, null);
    }
    List<Task> page = rows.subList(0, filter.limit());
    return new TaskPage(page, TaskCursor.of(filter, page.get(page.size() - 1)));
  }

  @Override
  public List<String> retry(SubjectsRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    String[] subjects = request.subjects().toArray(String[]::new);
    return call(queue,
        id -> run("retry", s -> s.getMapper(TaskMapper.class).retry(id, queue, subjects)), List::isEmpty);
  }

  @Override
  public int retryKilled(String queue, int limit) {
    Require.queueName("queue", queue);
    Require.range("limit", limit, 1, Limits.MAX_BATCH);
    return call(queue,
        id -> run("retryKilled", s -> s.getMapper(TaskMapper.class).retryKilled(id, queue, limit)),
        List::isEmpty).size();
  }

  @Override
  public List<String> runNow(SubjectsRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    String[] subjects = request.subjects().toArray(String[]::new);
    return call(queue,
        id -> run("runNow", s -> s.getMapper(TaskMapper.class).runNow(id, queue, subjects)), List::isEmpty);
  }

  @Override
  public CancelResult cancel(CancelRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    String[] subjects = request.subjects().toArray(String[]::new);
    String message = cancelMessage(request.reason());
    List<CancelRow> rows = call(queue, id -> transaction("cancel", s -> {
      List<CancelRow> reached = s.getMapper(TaskMapper.class).cancel(id, queue, subjects, request.drop());
      log(s, id, reached.stream()
          .map(row -> new ErrorEntry(row.subject(), row.attempts(), message, "{\"cancelled\":\"" + row.done() + "\"}"))
          .toList());
      return reached;
    }), List::isEmpty);
    return new CancelResult(subjectsDone(rows, "killed"), subjectsDone(rows, "dropped"), subjectsDone(rows, "marked"));
  }

  /** The error log's message for a cancelled task: the operator's reason, within the message limit. */
  static String cancelMessage(String reason) {
    String message = "cancelled: " + reason;
    if (message.length() <= Limits.MAX_MESSAGE_LENGTH) {
      return message;
    }
    int end = Limits.MAX_MESSAGE_LENGTH;
    return message.substring(0, Character.isHighSurrogate(message.charAt(end - 1)) ? end - 1 : end);
  }

  private static List<String> subjectsDone(List<CancelRow> rows, String done) {
    return rows.stream().filter(row -> row.done().equals(done)).map(CancelRow::subject).toList();
  }

  @Override
  public void pause(String queue, boolean paused) {
    Require.queueName("queue", queue);
    if (run("pause", s -> s.getMapper(QueueMapper.class).pause(queue, paused)) == 0) {
      throw new QueueNotFoundException(queue);
    }
  }

  @Override
  public List<Task> pick(PickRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    long lockMs = request.lock().toMillis();
    return call(queue,
        id -> run("pick", s -> {
          TaskMapper tasks = s.getMapper(TaskMapper.class);
          PickedTasks picked = routed
              ? tasks.pickFromBlock(id, queue, request.version(), request.limit(), lockMs,
                  leases.take(request.limit(), tasks::nextLeaseBlock))
              : tasks.pick(id, queue, request.version(), request.limit(), lockMs);
          return picked == null ? List.of() : picked.tasks(queue);
        }),
        List::isEmpty);
  }

  @Override
  public SettleResult settle(SettleRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    List<Lease> stale = new ArrayList<>();
    for (List<Outcome> part : parts(request.outcomes())) {
      boolean logs = part.stream().anyMatch(o -> o.kind() == Outcome.Kind.REJECT || o.kind() == Outcome.Kind.KILL);
      stale.addAll(call(queue, id -> {
        SettleBatch batch = SettleBatch.of(id, queue, part);
        return logs ? transaction("settle", s -> settleAndLog(s, id, batch, part))
            : run("settle", s -> stale(s.getMapper(TaskMapper.class).settle(batch)));
      }, all -> all.size() == part.size()));
    }
    return new SettleResult(request.outcomes().size() - stale.size(), stale);
  }

  /** Whether a push or upsert of {@code tasks} runs as routed statements (RoutedPush). */
  private boolean routes(int tasks) {
    return routed && tasks <= RoutedPush.MAX_TASKS;
  }

  /** Settles {@code batch} and writes the error log entries of its applied rejections and kills. */
  private static List<Lease> settleAndLog(SqlSession session, int queueId, SettleBatch batch, List<Outcome> outcomes) {
    List<SettleRow> rows = session.getMapper(TaskMapper.class).settle(batch);
    Map<String, Outcome> bySubject = new HashMap<>();
    outcomes.forEach(o -> bySubject.put(o.lease().subject(), o));
    log(session, queueId, rows.stream().filter(SettleRow::toLog).map(row -> {
      Outcome outcome = bySubject.get(row.subject());
      return new ErrorEntry(row.subject(), row.attempt(), outcome.message(), outcome.details());
    }).toList());
    return stale(rows);
  }

  private static List<Lease> stale(List<SettleRow> rows) {
    return rows.stream().filter(row -> !row.toLog()).map(row -> new Lease(row.subject(), row.lease())).toList();
  }

  /** Writes error log entries, at most {@link #STATEMENT_ROWS} a statement. */
  private static void log(SqlSession session, int queueId, List<ErrorEntry> entries) {
    for (List<ErrorEntry> part : parts(entries)) {
      session.getMapper(ErrorMapper.class).log(queueId, part);
    }
  }

  @Override
  public List<Lease> extend(ExtendRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    long lockMs = request.lock().toMillis();
    List<Lease> held = new ArrayList<>();
    for (List<Lease> part : parts(request.leases())) {
      String[] subjects = part.stream().map(Lease::subject).toArray(String[]::new);
      Long[] tokens = part.stream().map(Lease::token).toArray(Long[]::new);
      held.addAll(call(queue,
          id -> run("extend", s -> s.getMapper(TaskMapper.class).extend(id, queue, subjects, tokens, lockMs)),
          List::isEmpty));
    }
    return held;
  }

  /**
   * A request of more than {@link #STATEMENT_ROWS} tasks, in parts of at most that many, one
   * statement each. On a table never analyzed the planner may join every task of the queue
   * against every outcome of the statement (TaskMapper.xml, settle), which costs their product:
   * on PostgreSQL 17 a settle of 50,000 outcomes on a queue of 50,000 tasks ran for minutes; in
   * parts of 1,000 it takes seconds.
   */
  private static <T> List<List<T>> parts(List<T> all) {
    List<List<T>> parts = new ArrayList<>();
    for (int from = 0; from < all.size(); from += STATEMENT_ROWS) {
      parts.add(all.subList(from, Math.min(all.size(), from + STATEMENT_ROWS)));
    }
    return parts;
  }

  @Override
  public MaintenanceResult maintain(MaintenanceRequest request) {
    Require.notNull("request", request);
    return call(request.queue(), id -> maintain(id, request), MaintenanceResult.NOTHING::equals);
  }

  private MaintenanceResult maintain(int id, MaintenanceRequest request) {
    String queue = request.queue();
    int limit = request.limit();
    int promoted = 0;
    List<OrphanRow> orphans = List.of();
    int pruned = 0;
    int retired = 0;
    if (request.jobs().contains(MaintenanceRequest.Job.PROMOTE)) {
      promoted = run("promote", s -> s.getMapper(TaskMapper.class).promote(id, queue, limit));
    }
    if (request.jobs().contains(MaintenanceRequest.Job.RECOVER_ORPHANS)) {
      orphans = transaction("recoverOrphans", s -> {
        List<OrphanRow> rows = s.getMapper(TaskMapper.class).recoverOrphans(id, queue, limit);
        log(s, id, rows.stream()
            .map(row -> new ErrorEntry(row.subject(), row.attempts(), ORPHAN_MESSAGE, null)).toList());
        return rows;
      });
    }
    if (request.jobs().contains(MaintenanceRequest.Job.PRUNE_ERRORS)) {
      pruned = layout("pruneErrors", () -> queues.pruneErrors(id, queue, limit));
    }
    if (request.jobs().contains(MaintenanceRequest.Job.RETIRE_FINISHED)) {
      retired = layout("retireFinished", () -> queues.retireFinished(id, queue, limit));
    }
    int killed = (int) orphans.stream().filter(row -> row.status() == TaskStatus.KILLED).count();
    return new MaintenanceResult(promoted, orphans.size() - killed, killed, pruned, retired);
  }

  @Override
  public QueueStats stats(String queue) {
    Require.queueName("queue", queue);
    return call(queue,
        id -> run("stats", s -> s.getMapper(QueueMapper.class).stats(id, queue)), Objects::isNull);
  }

  @Override
  public List<TaskError> errors(ErrorQuery query) {
    Require.notNull("query", query);
    String queue = query.queue();
    return call(queue,
        id -> layout("errors", () -> queues.errors(id, queue, query.subject(), query.limit())),
        List::isEmpty);
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        throw new io.fetchq.FetchqException("closing the connection pool failed", e);
      }
    }
  }

  /**
   * Runs {@code statement} with the queue's id ({@link QueueIds#call}). When it names a table that
   * is gone (the queue's partition, for a queue dropped meanwhile), the queue is missing, unless a
   * queue of that name was made again since: then the caller's retry finds it.
   */
  private <T> T call(String queue, IntFunction<T> statement, Predicate<? super T> empty) {
    try {
      return queueIds.call(queue, statement, empty);
    } catch (StorageException e) {
      if (UNDEFINED_TABLE.equals(e.sqlState())) {
        queueIds.forget(queue);
        queueIds.id(queue);
      }
      throw e;
    }
  }

  /** Runs a statement of the layout, translating database failures. */
  private <T> T layout(String operation, Supplier<T> statement) {
    try {
      return statement.get();
    } catch (StorageException | QueueNotFoundException e) {
      throw e;
    } catch (RuntimeException e) {
      throw SqlFailures.translate(operation, e);
    }
  }

  /** Runs {@code statements} so that they take effect together (see {@link Sessions#transaction}). */
  private <T> T transaction(String operation, Function<SqlSession, T> statements) {
    return sessions.transaction(operation, statements);
  }

  /** Runs one statement (see {@link Sessions#statement}). */
  <T> T run(String operation, Function<SqlSession, T> statement) {
    return sessions.statement(operation, statement);
  }
}
