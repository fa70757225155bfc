package io.fetchq.postgres;

import io.fetchq.NewTask;
import java.time.Instant;
import java.util.List;

/** The tasks of a push or upsert, as one array per column for {@code unnest}. */
record IncomingTasks(
    int queueId,
    String queue,
    boolean keepLast,
    String[] subjects,
    String[] payloads,
    Integer[] versions,
    Integer[] priorities,
    Long[] dueUs,
    Long[] delayMs) {

  static IncomingTasks of(int queueId, String queue, List<NewTask> tasks, boolean keepLast) {
    int n = tasks.size();
    String[] subjects = new String[n];
    String[] payloads = new String[n];
    Integer[] versions = new Integer[n];
    Integer[] priorities = new Integer[n];
    Long[] dueUs = new Long[n];
    Long[] delayMs = new Long[n];
    for (int i = 0; i < n; i++) {
      NewTask task = tasks.get(i);
      subjects[i] = task.subject();
      payloads[i] = task.payload();
      versions[i] = task.version();
      priorities[i] = task.priority();
      dueUs[i] = task.dueAt() == null ? null : epochMicros(task.dueAt());
      delayMs[i] = task.delay() == null ? null : task.delay().toMillis();
    }
    return new IncomingTasks(queueId, queue, keepLast, subjects, payloads, versions, priorities, dueUs, delayMs);
  }

  static long epochMicros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}
