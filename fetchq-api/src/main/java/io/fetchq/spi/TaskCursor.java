package io.fetchq.spi;

import io.fetchq.InvalidArgumentException;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskStatus;
import io.fetchq.internal.Require;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Where a page of {@link TaskQuery} ended: the last task's sort time (for a listing by status) and
 * subject. Its text form, the {@link io.fetchq.TaskPage#next()} users pass back, is opaque: it
 * names the listing it belongs to, so a cursor of another status or order is refused.
 *
 * @param version the last task's payload version (a listing of PENDING tasks, in pick order)
 * @param priority the last task's priority (a listing of PENDING tasks, in pick order)
 * @param time the last task's time in the listing's order (see {@link #timeOf}), or null for a
 *     listing in subject order
 * @param subject the last task's subject
 */
public record TaskCursor(int version, int priority, Instant time, String subject) {
  private static final String VERSION = "1";

  public TaskCursor {
    Require.subject("subject", subject);
  }

  /** The time a listing of {@code status} sorts by: the due time, the lock's expiry, or the last run's end. */
  public static Instant timeOf(Task task, TaskStatus status) {
    return switch (status) {
      case PLANNED, PENDING, ACTIVE -> task.nextIteration();
      case COMPLETED, KILLED -> task.lastIteration();
    };
  }

  /** The cursor after {@code last}, the last task of a page of {@code filter}, in its text form. */
  public static String of(TaskFilter filter, Task last) {
    Instant time = filter.status() == null ? null : timeOf(last, filter.status());
    String micros = time == null ? "" : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, time));
    if (filter.status() == TaskStatus.PENDING) {
      micros = last.version() + "," + last.priority() + "," + micros;
    }
    String text = String.join(":", VERSION, listing(filter), micros, last.subject());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor {@code filter} carries in {@link TaskFilter#after()}, or null on a first page.
   *
   * @throws InvalidArgumentException naming {@code after} when it is not a cursor of this listing
   */
  public static TaskCursor read(TaskFilter filter) {
    String after = filter.after();
    if (after == null) {
      return null;
    }
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8).split(":", 4);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("after", "must be a cursor a page of tasks returned");
    }
    if (parts.length != 4 || !parts[0].equals(VERSION)) {
      throw new InvalidArgumentException("after", "must be a cursor a page of tasks returned");
    }
    if (!parts[1].equals(listing(filter))) {
      throw new InvalidArgumentException("after",
          "is the cursor of another listing (status or order); start again without it");
    }
    Instant time = null;
    int version = 0;
    int priority = 0;
    if (filter.status() != null) {
      try {
        String micros = parts[2];
        if (filter.status() == TaskStatus.PENDING) {
          String[] key = micros.split(",", 3);
          version = Integer.parseInt(key[0]);
          priority = Integer.parseInt(key[1]);
          micros = key[2];
        }
        time = Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
      } catch (RuntimeException e) {
        throw new InvalidArgumentException("after", "must be a cursor a page of tasks returned");
      }
    }
    try {
      return new TaskCursor(version, priority, time, parts[3]);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException("after", "must be a cursor a page of tasks returned");
    }
  }

  /** Which listing a cursor belongs to: status and order (the prefix may change between pages). */
  private static String listing(TaskFilter filter) {
    return (filter.status() == null ? "-" : filter.status().name()) + (filter.isNewestFirst() ? "-" : "+");
  }
}
