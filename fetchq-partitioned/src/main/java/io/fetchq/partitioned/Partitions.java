package io.fetchq.partitioned;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions that come and go with time rather than with a queue's creation: the day partitions
 * of the error log (made ahead, retired whole once past every queue's retention) and the partitions
 * of dropped queues (detached and dropped).
 *
 * <p>One process per schema does this at a time, under a session-level advisory lock; the others
 * skip it. Nothing here takes a lock that workers' statements wait for: partitions are attached,
 * and detached {@code CONCURRENTLY}, under SHARE UPDATE EXCLUSIVE on the parent, and dropped only
 * once they are no partition any more. A concurrent detach waits for the transactions that hold
 * a lock on the parent (workers' statements, for milliseconds); {@link #LOCK_TIMEOUT} bounds that
 * wait. A detach cut short (by the timeout, or a process that stopped) is finished with {@code
 * FINALIZE} by the next pass; that one waits for every older snapshot in the database, so the
 * timeout is long rather than short: cutting a detach short costs more than waiting for it.
 */
final class Partitions {
  private static final Logger LOG = LoggerFactory.getLogger(Partitions.class);

  static final String TASK_PARENT = "fetchq_part_task";
  static final String ERROR_PARENT = "fetchq_part_error";
  /** A day partition of the error log. */
  static final Pattern ERROR_DAY = Pattern.compile("fetchq_perror_[0-9]{8}");
  /** The partition of a dropped queue, renamed after its queue id. */
  static final Pattern DROPPED_QUEUE = Pattern.compile("fetchq_pdrop_[0-9]{1,10}");
  /** Days of the error log made ahead of today (UTC). */
  static final int DAYS_AHEAD = 14;
  /**
   * The longest a housekeeping statement waits for a lock or for older transactions. Only
   * housekeeping and the caller of a drop wait; workers' statements never wait for housekeeping.
   */
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  /** The advisory lock space of partition housekeeping ("FQPH"). */
  private static final int LOCK_SPACE = 0x46515048;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final SqlSessionFactory sessions;
  private final String schema;
  private final int lockKey;

  Partitions(SqlSessionFactory sessions, String schema) {
    this.sessions = sessions;
    this.schema = schema;
    this.lockKey = schema.hashCode();
  }

  /**
   * What one housekeeping pass did.
   *
   * @param ran false when another process held the housekeeping lock
   * @param errorDaysMade days of the error log made ahead
   * @param errorDaysRetired days of the error log detached and dropped
   * @param queueEntriesRetired entries of the queue the pass ran for among the retired days
   * @param queueTablesDropped partitions of dropped queues detached and dropped
   */
  record Pass(boolean ran, int errorDaysMade, int errorDaysRetired, int queueEntriesRetired, int queueTablesDropped) {}

  /**
   * Makes the missing days of the error log from yesterday to {@link #DAYS_AHEAD} days ahead,
   * waiting for another process that holds the lock. Run when the storage opens, so that no error
   * is written before its day exists.
   */
  void prepare() {
    housekeeping(true, this::makeErrorDays);
  }

  /**
   * One pass, unless another process holds the housekeeping lock: makes the days ahead, retires the
   * expired days of the error log (counting the entries of {@code queue} among them, for its
   * maintenance result) and the partitions of dropped queues.
   */
  Pass housekeep(String queue) {
    Pass pass = housekeeping(false, m -> {
      int made = makeErrorDays(m);
      int retired = 0;
      int entries = 0;
      for (ErrorDay day : detachingFirst(m.errorDays(schema + "." + ERROR_PARENT))) {
        if (day.expired() && ERROR_DAY.matcher(day.name()).matches()) {
          if (queue != null && !day.detaching()) {
            entries += m.countErrors(day.name(), queue);
          }
          retire(m, ERROR_PARENT, day.name(), day.detaching());
          retired++;
        }
      }
      return new Pass(true, made, retired, entries, dropQueueTables(m));
    });
    return pass == null ? new Pass(false, 0, 0, 0, 0) : pass;
  }

  /**
   * Retires the partition of the dropped queue {@code id}, unless another process holds the
   * housekeeping lock; returns whether it did.
   */
  boolean dropQueueTable(int id) {
    String table = droppedQueue(id);
    Boolean dropped = housekeeping(false, m -> {
      retire(m, TASK_PARENT, table, "detaching".equals(m.partitionState(schema + "." + table)));
      return true;
    });
    return dropped != null;
  }

  /** The name the partition of queue {@code id} gets when the queue is dropped. */
  static String droppedQueue(int id) {
    return "fetchq_pdrop_" + id;
  }

  private int dropQueueTables(PartitionMapper m) {
    int dropped = 0;
    for (String table : m.droppedQueueTables(schema)) {
      if (DROPPED_QUEUE.matcher(table).matches()) {
        retire(m, TASK_PARENT, table, "detaching".equals(m.partitionState(schema + "." + table)));
        dropped++;
      }
    }
    return dropped;
  }

  /** Only one partition of a table may be detaching at a time: finish those first. */
  private static List<ErrorDay> detachingFirst(List<ErrorDay> days) {
    return days.stream().sorted(Comparator.comparing((ErrorDay d) -> !d.detaching())).toList();
  }

  /** Detaches the partition, or finishes its interrupted detach, then drops it. */
  private void retire(PartitionMapper m, String parent, String table, boolean detaching) {
    if (detaching) {
      m.detachFinalize(parent, table);
    } else if (m.partitionState(schema + "." + table) != null) {
      m.detachConcurrently(parent, table);
    }
    m.dropTable(table);
    LOG.info("retired partition {}.{} of {}", schema, table, parent);
  }

  private int makeErrorDays(PartitionMapper m) {
    Set<String> existing = new HashSet<>();
    m.errorDays(schema + "." + ERROR_PARENT).forEach(d -> existing.add(d.name()));
    LocalDate today = m.today();
    int made = 0;
    for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
      String table = errorDay(day);
      if (!existing.contains(table)) {
        m.createErrorDay(table, day.toString(), day.plusDays(1).toString());
        made++;
      }
    }
    if (made > 0) {
      LOG.debug("made {} days of the error log in {}, up to {}", made, schema, today.plusDays(DAYS_AHEAD));
    }
    return made;
  }

  /** The name of the error log's partition of {@code day}. */
  static String errorDay(LocalDate day) {
    return "fetchq_perror_" + DAY.format(day);
  }

  /**
   * Runs {@code work} on one connection in autocommit (a concurrent detach cannot run in a
   * transaction) under the housekeeping lock and {@link #LOCK_TIMEOUT}; returns null without
   * running it when {@code wait} is false and another process holds the lock.
   */
  private <T> T housekeeping(boolean wait, Function<PartitionMapper, T> work) {
    try (SqlSession session = sessions.openSession(true)) {
      PartitionMapper m = session.getMapper(PartitionMapper.class);
      if (wait) {
        m.lock(LOCK_SPACE, lockKey);
      } else if (!m.tryLock(LOCK_SPACE, lockKey)) {
        return null;
      }
      try {
        String lockTimeout = m.lockTimeout();
        m.setLockTimeout(LOCK_TIMEOUT.toMillis() + "ms");
        try {
          return work.apply(m);
        } finally {
          m.setLockTimeout(lockTimeout);
        }
      } finally {
        m.unlock(LOCK_SPACE, lockKey);
      }
    }
  }
}
