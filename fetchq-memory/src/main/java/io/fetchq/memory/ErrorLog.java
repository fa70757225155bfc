package io.fetchq.memory;

import io.fetchq.TaskError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One queue's error log: entries by id (ids grow as entries are written, so newest first is
 * highest id first), by subject, and by age for pruning. It counts every entry written, which is
 * the queue's {@code errors} counter: it only grows, until the queue is truncated.
 */
final class ErrorLog {
  private static final Comparator<TaskError> BY_AGE =
      Comparator.comparing(TaskError::createdAt).thenComparingLong(TaskError::id);

  private final String queue;
  private final NavigableMap<Long, TaskError> byId = new TreeMap<>();
  private final Map<String, NavigableMap<Long, TaskError>> bySubject = new HashMap<>();
  private final NavigableSet<TaskError> byAge = new TreeSet<>(BY_AGE);
  private long lastId;
  private long written;

  /** The log of {@code queue}, empty. */
  ErrorLog(String queue) {
    this.queue = queue;
  }

  /** Writes an entry for a failed run of {@code subject} at {@code now}. */
  void write(String subject, int attempt, String message, String details, Instant now) {
    TaskError entry = new TaskError(++lastId, queue, subject, attempt, message, details, now);
    byId.put(entry.id(), entry);
    bySubject.computeIfAbsent(subject, s -> new TreeMap<>()).put(entry.id(), entry);
    byAge.add(entry);
    written++;
  }

  /** Up to {@code limit} entries, newest first: of {@code subject}, or of every task when it is null. */
  List<TaskError> newest(String subject, int limit) {
    NavigableMap<Long, TaskError> entries = subject == null ? byId : bySubject.getOrDefault(subject, new TreeMap<>());
    List<TaskError> newest = new ArrayList<>();
    for (TaskError entry : entries.descendingMap().values()) {
      if (newest.size() == limit) {
        break;
      }
      newest.add(entry);
    }
    return newest;
  }

  /** Deletes up to {@code limit} entries written before {@code cutoff}, oldest first; returns how many. */
  int prune(Instant cutoff, int limit) {
    int pruned = 0;
    while (pruned < limit && !byAge.isEmpty() && byAge.first().createdAt().isBefore(cutoff)) {
      TaskError entry = byAge.pollFirst();
      byId.remove(entry.id());
      NavigableMap<Long, TaskError> ofSubject = bySubject.get(entry.subject());
      ofSubject.remove(entry.id());
      if (ofSubject.isEmpty()) {
        bySubject.remove(entry.subject());
      }
      pruned++;
    }
    return pruned;
  }

  /** How many entries were written since the queue was made or last truncated. */
  long written() {
    return written;
  }

  /** Deletes every entry and zeroes the count; ids go on growing. */
  void clear() {
    byId.clear();
    bySubject.clear();
    byAge.clear();
    written = 0;
  }
}
