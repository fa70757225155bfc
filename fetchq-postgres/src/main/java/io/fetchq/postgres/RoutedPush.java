package io.fetchq.postgres;

import io.fetchq.NewTask;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.ibatis.session.SqlSession;

/**
 * Push and upsert as statements Citus routes to the queue's shard, in one transaction the caller
 * commits: the queue row's current version and the time (a reference table, read on the
 * coordinator), the new rows as one multi-row {@code INSERT ... VALUES ... ON CONFLICT DO NOTHING}
 * in subject order, then one counter slot. Used on Citus for up to {@link #MAX_TASKS} tasks. The
 * one-statement push (an {@code INSERT} in a CTE) is what plain PostgreSQL runs faster; Citus runs that one as subplans through the
 * coordinator, many times slower (docs/scaling.md). The same rules: the first of duplicate subjects
 * wins, defaults come from the queue row, a task due by the statement's time is PENDING.
 */
final class RoutedPush {
  /**
   * The largest push that runs this way on Citus; a larger one runs as the one statement. Citus
   * 13.2 on three nodes (docs/scaling.md): routed, 448 single pushes/s against 132, batches of 10 at
   * 2,166 tasks/s against 1,088; but batches of 100 at 4,124 against 6,775 and of 1,000 at 7,444
   * against 35,318, since Citus handles a multi-row VALUES row by row.
   */
  static final int MAX_TASKS = 32;

  private RoutedPush() {}

  /**
   * The subjects added; none when the queue does not have this id (the caller looks it up again).
   * Takes at most {@link #MAX_TASKS} tasks.
   */
  static List<String> push(SqlSession session, int queueId, String queue, List<NewTask> tasks) {
    TaskMapper mapper = session.getMapper(TaskMapper.class);
    QueueClock clock = mapper.queueClock(queueId, queue);
    if (clock == null) {
      return List.of();
    }
    List<NewRow> rows = distinct(tasks, false).stream().map(task -> NewRow.of(task, clock)).toList();
    int[] delta = new int[TaskStatus.values().length];
    List<String> added = insert(mapper, queueId, rows, delta);
    count(mapper, queueId, delta, added.size());
    return added;
  }

  /**
   * Upsert in routed statements: the existing rows locked in subject order, those not ACTIVE
   * updated (from a CTE of arrays, as settle), the rest inserted, one counter slot moved by the
   * difference. The last of duplicate subjects wins. A subject inserted by another writer after the
   * lock is neither inserted nor updated here and is missing from the answer, for the caller's next
   * round, as with the one-statement upsert. Empty when the queue does not have this id. Takes at
   * most {@link #MAX_TASKS} tasks.
   */
  static List<SubjectRow> upsert(SqlSession session, int queueId, String queue, List<NewTask> tasks) {
    TaskMapper mapper = session.getMapper(TaskMapper.class);
    QueueClock clock = mapper.queueClock(queueId, queue);
    if (clock == null) {
      return List.of();
    }
    Collection<NewTask> distinct = distinct(tasks, true);
    Map<String, Integer> existing = new HashMap<>();
    for (PushedRow row : mapper.lockRows(queueId, distinct.stream().map(NewTask::subject).toArray(String[]::new))) {
      existing.put(row.subject(), row.status());
    }
    List<SubjectRow> answer = new ArrayList<>();
    List<NewRow> updates = new ArrayList<>();
    List<NewRow> inserts = new ArrayList<>();
    for (NewTask task : distinct) {
      Integer status = existing.get(task.subject());
      if (status == null) {
        inserts.add(NewRow.of(task, clock));
      } else if (status == TaskStatus.ACTIVE.code()) {
        answer.add(new SubjectRow(task.subject(), "skipped"));
      } else {
        updates.add(NewRow.of(task, clock));
      }
    }
    int[] delta = new int[TaskStatus.values().length];
    if (!updates.isEmpty()) {
      mapper.updateRows(queueId, UpdateBatch.of(updates));
      for (NewRow row : updates) {
        answer.add(new SubjectRow(row.subject(), "updated"));
        delta[TaskStatus.ofCode(existing.get(row.subject())).ordinal()]--;
        delta[TaskStatus.ofCode(row.status()).ordinal()]++;
      }
    }
    List<String> inserted = insert(mapper, queueId, inserts, delta);
    inserted.forEach(subject -> answer.add(new SubjectRow(subject, "inserted")));
    if (!updates.isEmpty() || !inserted.isEmpty()) {
      count(mapper, queueId, delta, inserted.size());
    }
    return answer;
  }

  /** One task per subject, in subject order (the order every writer locks rows in): the first or the last of duplicates. */
  private static Collection<NewTask> distinct(List<NewTask> tasks, boolean keepLast) {
    TreeMap<String, NewTask> bySubject = new TreeMap<>();
    for (NewTask task : tasks) {
      if (keepLast) {
        bySubject.put(task.subject(), task);
      } else {
        bySubject.putIfAbsent(task.subject(), task);
      }
    }
    return bySubject.values();
  }

  /** Inserts the rows that are new; returns their subjects and adds their statuses to {@code delta}. */
  private static List<String> insert(TaskMapper mapper, int queueId, List<NewRow> rows, int[] delta) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> inserted = new ArrayList<>();
    for (PushedRow row : mapper.insertRows(queueId, rows)) {
      inserted.add(row.subject());
      delta[TaskStatus.ofCode(row.status()).ordinal()]++;
    }
    return inserted;
  }

  /** Moves one counter slot by {@code delta} (per status) and {@code pushed}, when anything changed. */
  private static void count(TaskMapper mapper, int queueId, int[] delta, int pushed) {
    if (pushed > 0 || Arrays.stream(delta).anyMatch(d -> d != 0)) {
      mapper.countWrites(queueId, slot(), delta[TaskStatus.PLANNED.ordinal()], delta[TaskStatus.PENDING.ordinal()],
          delta[TaskStatus.COMPLETED.ordinal()], delta[TaskStatus.KILLED.ordinal()], pushed);
    }
  }

  /** Writers on one connection need not share a counter row: a slot at random. */
  private static int slot() {
    return ThreadLocalRandom.current().nextInt(16);
  }

  /** The rows of an update, as one array per column for {@code unnest}. */
  record UpdateBatch(String[] subjects, String[] payloads, Integer[] versions, Integer[] priorities,
      Integer[] statuses, Long[] dueUs) {
    static UpdateBatch of(List<NewRow> rows) {
      return new UpdateBatch(
          rows.stream().map(NewRow::subject).toArray(String[]::new),
          rows.stream().map(NewRow::payload).toArray(String[]::new),
          rows.stream().map(NewRow::version).toArray(Integer[]::new),
          rows.stream().map(NewRow::priority).toArray(Integer[]::new),
          rows.stream().map(NewRow::status).toArray(Integer[]::new),
          rows.stream().map(row -> IncomingTasks.epochMicros(row.nextIteration())).toArray(Long[]::new));
    }
  }

  /** The queue row's current version and the database's time, read together. */
  record QueueClock(int currentVersion, Instant now) {}

  /** A row the push inserts; its due time to the microsecond, as the database keeps it. */
  record NewRow(String subject, String payload, int version, int priority, int status, Instant nextIteration) {
    static NewRow of(NewTask task, QueueClock clock) {
      Instant due = task.dueAt() != null
          ? micros(task.dueAt())
          : clock.now().plus(task.delay() == null ? Duration.ZERO : Duration.ofMillis(task.delay().toMillis()));
      TaskStatus status = due.isAfter(clock.now()) ? TaskStatus.PLANNED : TaskStatus.PENDING;
      return new NewRow(task.subject(), task.payload(),
          task.version() == null ? clock.currentVersion() : task.version(), task.priority(), status.code(), due);
    }

    private static Instant micros(Instant instant) {
      long micros = IncomingTasks.epochMicros(instant);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
  }

  /** A subject the push inserted and the status it got. */
  record PushedRow(String subject, int status) {}
}
