package io.fetchq.postgres;

import io.fetchq.TaskFilter;
import io.fetchq.TaskStatus;
import io.fetchq.spi.TaskCursor;
import java.time.Instant;

/**
 * The parameters of one page of {@code TaskMapper.list}: a {@link TaskFilter} as the SQL takes it.
 *
 * @param status the status's name, or null for every status
 * @param byLastRun whether the status's listing sorts by the end of the last run (else by due time)
 * @param pickOrder whether it is a listing of PENDING tasks, in the order of the pick index:
 *     version, priority (highest first), due time, subject
 * @param prefixEnd the least text above every subject that starts with {@code prefix}, or null when
 *     there is none
 */
record TaskListing(
    int queueId,
    String queue,
    String status,
    boolean byLastRun,
    boolean pickOrder,
    boolean newestFirst,
    String prefix,
    String prefixEnd,
    int afterVersion,
    int afterPriority,
    Instant afterTime,
    String afterSubject,
    int limit) {

  static TaskListing of(int queueId, String queue, TaskFilter filter) {
    TaskStatus status = filter.status();
    TaskCursor after = TaskCursor.read(filter);
    String prefix = filter.subjectPrefix();
    return new TaskListing(
        queueId,
        queue,
        status == null ? null : status.name(),
        status == TaskStatus.COMPLETED || status == TaskStatus.KILLED,
        status == TaskStatus.PENDING,
        filter.isNewestFirst(),
        prefix,
        prefix == null ? null : prefixEnd(prefix),
        after == null ? 0 : after.version(),
        after == null ? 0 : after.priority(),
        after == null ? null : after.time(),
        after == null ? null : after.subject(),
        filter.limit());
  }

  /**
   * The least string above every string that starts with {@code prefix}, in code point order (the
   * order of subjects, COLLATE "C" over UTF-8): the prefix with its last code point one higher,
   * after dropping trailing U+10FFFF; null when nothing is left.
   */
  static String prefixEnd(String prefix) {
    int[] points = prefix.codePoints().toArray();
    int n = points.length;
    while (n > 0 && points[n - 1] == Character.MAX_CODE_POINT) {
      n--;
    }
    if (n == 0) {
      return null;
    }
    int next = points[n - 1] + 1;
    if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
      next = Character.MAX_SURROGATE + 1;
    }
    points[n - 1] = next;
    return new String(points, 0, n);
  }
}
