package io.fetchq.postgres;

import io.fetchq.NewTask;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.ibatis.session.SqlSession;

/**
 * Push and upsert as statements Citus routes to the queue's shard, in one transaction the caller commits: the
 * queue row's current version and the time (a reference table, read on the coordinator), the new
 * rows as multi-row {@code INSERT ... VALUES ... ON CONFLICT DO NOTHING}, in subject order and at
 * most {@link #ROWS} a statement, then one counter slot. Used on Citus for pushes of up to
 * {@link #MAX_TASKS} tasks. The one-statement push (an {@code INSERT}
 * in a CTE) is what plain PostgreSQL runs faster; Citus runs that one as subplans through the
 * coordinator, many times slower (docs/scaling.md). The same rules: the first of duplicate subjects
 * wins, defaults come from the queue row, a task due by the statement's time is PENDING.
 */
final class RoutedPush {
  static final int ROWS = 1_000;

  /**
   * The largest push that runs this way on Citus; a larger one runs as the one statement. Citus
   * 13.2 on three nodes (docs/scaling.md): routed, 448 single pushes/s against 132, batches of 10 at
   * 2,166 tasks/s against 1,088; but batches of 100 at 4,124 against 6,775 and of 1,000 at 7,444
   * against 35,318, since Citus handles a multi-row VALUES row by row.
   */
  static final int MAX_TASKS = 32;

  private RoutedPush() {}

  /** The subjects added; none when the queue does not have this id (the caller looks it up again). */
  static List<String> push(SqlSession session, int queueId, String queue, List<NewTask> tasks) {
    TaskMapper mapper = session.getMapper(TaskMapper.class);
    QueueClock clock = mapper.queueClock(queueId, queue);
    if (clock == null) {
      return List.of();
    }
    TreeMap<String, NewTask> bySubject = new TreeMap<>();
    tasks.forEach(task -> bySubject.putIfAbsent(task.subject(), task));
    List<NewRow> rows = bySubject.values().stream().map(task -> NewRow.of(task, clock)).toList();
    List<String> added = new ArrayList<>();
    int pending = 0;
    for (int from = 0; from < rows.size(); from += ROWS) {
      for (PushedRow row : mapper.insertRows(queueId, rows.subList(from, Math.min(rows.size(), from + ROWS)))) {
        added.add(row.subject());
        pending += row.status() == TaskStatus.PENDING.code() ? 1 : 0;
      }
    }
    if (!added.isEmpty()) {
      mapper.countWrites(queueId, slot(), added.size() - pending, pending, 0, 0, added.size());
    }
    return added;
  }

  /**
   * Upsert in routed statements: the existing rows locked in subject order, those not ACTIVE
   * updated (from a CTE of arrays, as settle), the rest inserted, one counter slot moved by the
   * difference. The last of duplicate subjects wins. A subject inserted by another writer after the
   * lock is neither inserted nor updated here and is missing from the answer, for the caller's next
   * round, as with the one-statement upsert. Empty when the queue does not have this id.
   */
  static List<SubjectRow> upsert(SqlSession session, int queueId, String queue, List<NewTask> tasks) {
    TaskMapper mapper = session.getMapper(TaskMapper.class);
    QueueClock clock = mapper.queueClock(queueId, queue);
    if (clock == null) {
      return List.of();
    }
    TreeMap<String, NewTask> bySubject = new TreeMap<>();
    tasks.forEach(task -> bySubject.put(task.subject(), task));
    Map<String, Integer> existing = new HashMap<>();
    for (PushedRow row : mapper.lockRows(queueId, bySubject.keySet().toArray(String[]::new))) {
      existing.put(row.subject(), row.status());
    }
    List<SubjectRow> answer = new ArrayList<>();
    List<NewRow> updates = new ArrayList<>();
    List<NewRow> inserts = new ArrayList<>();
    for (NewTask task : bySubject.values()) {
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
    for (int from = 0; from < updates.size(); from += ROWS) {
      List<NewRow> part = updates.subList(from, Math.min(updates.size(), from + ROWS));
      mapper.updateRows(queueId, UpdateBatch.of(part));
      for (NewRow row : part) {
        answer.add(new SubjectRow(row.subject(), "updated"));
        delta[TaskStatus.ofCode(existing.get(row.subject())).ordinal()]--;
        delta[TaskStatus.ofCode(row.status()).ordinal()]++;
      }
    }
    int inserted = 0;
    for (int from = 0; from < inserts.size(); from += ROWS) {
      for (PushedRow row : mapper.insertRows(queueId, inserts.subList(from, Math.min(inserts.size(), from + ROWS)))) {
        answer.add(new SubjectRow(row.subject(), "inserted"));
        delta[TaskStatus.ofCode(row.status()).ordinal()]++;
        inserted++;
      }
    }
    if (!updates.isEmpty() || inserted > 0) {
      mapper.countWrites(queueId, slot(), delta[TaskStatus.PLANNED.ordinal()], delta[TaskStatus.PENDING.ordinal()],
          delta[TaskStatus.COMPLETED.ordinal()], delta[TaskStatus.KILLED.ordinal()], inserted);
    }
    return answer;
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
