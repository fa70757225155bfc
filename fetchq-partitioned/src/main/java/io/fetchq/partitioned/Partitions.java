package io.fetchq.partitioned;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
 * <p>One process per schema does this at a time, holding the schema's housekeeping lease (a row,
 * {@code fetchq_part_housekeeper}, taken for {@link #LEASE} and renewed before each step); the
 * others skip it. The lease holds no session state, so housekeeping works through a transaction
 * pooler too; a holder that stops without giving it back keeps the others out until it runs out.
 * PostgreSQL's own locks keep two passes that overlap anyway (a lease ran out mid-statement) from
 * harming anything: the lease only spares them the wait.
 *
 * <p>Nothing here takes a lock that workers' statements wait for: partitions are attached, and
 * detached {@code CONCURRENTLY}, under SHARE UPDATE EXCLUSIVE on the parent, and dropped only once
 * they are no partition any more. A concurrent detach waits for the transactions that hold
 * a lock on the parent (workers' statements, for milliseconds); {@link #STATEMENT_TIMEOUT} bounds that
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
   * The longest a housekeeping statement that takes locks runs, most of it waiting for a lock or for
   * older transactions: the {@code timeout} of those statements in {@code PartitionMapper.xml},
   * which the driver enforces by cancelling the statement (a cancel request reaches the right server
   * connection through a pooler too, where a session's {@code lock_timeout} would not). Only
   * housekeeping and the caller of a drop wait; workers' statements never wait for housekeeping.
   */
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How long the housekeeping lease lasts from its last renewal: longer than any one statement of a
   * pass may wait ({@link #STATEMENT_TIMEOUT}).
   */
  static final Duration LEASE = STATEMENT_TIMEOUT.multipliedBy(2);
  /** How often opening the storage looks again whether the days it needs were made. */
  private static final Duration PREPARE_POLL = Duration.ofMillis(100);
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final SqlSessionFactory sessions;
  private final String schema;

  Partitions(SqlSessionFactory sessions, String schema) {
    this.sessions = sessions;
    this.schema = schema;
  }

  /**
   * What one housekeeping pass did.
   *
   * @param ran false when another process held the housekeeping lease
   * @param errorDaysMade days of the error log made ahead
   * @param errorDaysRetired days of the error log detached and dropped
   * @param queueEntriesRetired entries of the queue the pass ran for among the retired days
   * @param queueTablesDropped partitions of dropped queues detached and dropped
   */
  record Pass(boolean ran, int errorDaysMade, int errorDaysRetired, int queueEntriesRetired, int queueTablesDropped) {}

  /**
   * Makes the missing days of the error log from yesterday to {@link #DAYS_AHEAD} days ahead. Run
   * when the storage opens, so that no error is written before its day exists. When days are
   * missing and another process holds the lease, waits until that process made them or its lease
   * ran out.
   */
  void prepare() {
    long deadline = System.nanoTime() + LEASE.plus(STATEMENT_TIMEOUT).toNanos();
    while (!missingErrorDays().isEmpty()) {
      if (housekeeping(this::makeErrorDays) != null) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the days of the error log in " + schema + " are missing and another"
            + " process has held the partition housekeeping lease for longer than " + LEASE + " without making them");
      }
      try {
        Thread.sleep(PREPARE_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the days of the error log in " + schema, e);
      }
    }
  }

  /**
   * One pass, unless another process holds the housekeeping lease: makes the days ahead, retires the
   * expired days of the error log (counting the entries of {@code queue} among them, for its
   * maintenance result) and the partitions of dropped queues.
   */
  Pass housekeep(String queue) {
    Pass pass = housekeeping(turn -> {
      PartitionMapper m = turn.mapper();
      int made = makeErrorDays(turn);
      int retired = 0;
      int entries = 0;
      for (ErrorDay day : detachingFirst(m.errorDays(schema + "." + ERROR_PARENT))) {
        if (day.expired() && ERROR_DAY.matcher(day.name()).matches()) {
          if (queue != null && !day.detaching()) {
            entries += m.countErrors(day.name(), queue);
          }
          retire(turn, ERROR_PARENT, day.name(), day.detaching());
          retired++;
        }
      }
      return new Pass(true, made, retired, entries, dropQueueTables(turn));
    });
    return pass == null ? new Pass(false, 0, 0, 0, 0) : pass;
  }

  /**
   * Retires the partition of the dropped queue {@code id}, unless another process holds the
   * housekeeping lease; returns whether it did.
   */
  boolean dropQueueTable(int id) {
    String table = droppedQueue(id);
    Boolean dropped = housekeeping(turn -> {
      retire(turn, TASK_PARENT, table, "detaching".equals(turn.mapper().partitionState(schema + "." + table)));
      return true;
    });
    return dropped != null;
  }

  /** The name the partition of queue {@code id} gets when the queue is dropped. */
  static String droppedQueue(int id) {
    return "fetchq_pdrop_" + id;
  }

  private int dropQueueTables(Turn turn) {
    PartitionMapper m = turn.mapper();
    int dropped = 0;
    for (String table : m.droppedQueueTables(schema)) {
      if (DROPPED_QUEUE.matcher(table).matches()) {
        retire(turn, TASK_PARENT, table, "detaching".equals(m.partitionState(schema + "." + table)));
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
  private void retire(Turn turn, String parent, String table, boolean detaching) {
    PartitionMapper m = turn.renewed();
    if (detaching) {
      m.detachFinalize(parent, table);
    } else if (m.partitionState(schema + "." + table) != null) {
      m.detachConcurrently(parent, table);
    }
    turn.renewed().dropTable(table);
    LOG.info("retired partition {}.{} of {}", schema, table, parent);
  }

  private int makeErrorDays(Turn turn) {
    List<LocalDate> missing = missingErrorDays(turn.mapper());
    for (LocalDate day : missing) {
      turn.renewed().createErrorDay(errorDay(day), day.toString(), day.plusDays(1).toString());
    }
    if (!missing.isEmpty()) {
      LOG.debug("made {} days of the error log in {}, up to {}", missing.size(), schema, missing.get(missing.size() - 1));
    }
    return missing.size();
  }

  private List<LocalDate> missingErrorDays() {
    try (SqlSession session = sessions.openSession(true)) {
      return missingErrorDays(session.getMapper(PartitionMapper.class));
    }
  }

  /** The days from yesterday to {@link #DAYS_AHEAD} days ahead (UTC) that have no partition. */
  private List<LocalDate> missingErrorDays(PartitionMapper m) {
    Set<String> existing = new HashSet<>();
    m.errorDays(schema + "." + ERROR_PARENT).forEach(d -> existing.add(d.name()));
    LocalDate today = m.today();
    List<LocalDate> missing = new ArrayList<>();
    for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
      if (!existing.contains(errorDay(day))) {
        missing.add(day);
      }
    }
    return missing;
  }

  /** The name of the error log's partition of {@code day}. */
  static String errorDay(LocalDate day) {
    return "fetchq_perror_" + DAY.format(day);
  }

  /**
   * Runs {@code work} on one session in autocommit (a concurrent detach cannot run in a
   * transaction) holding the housekeeping lease, under {@link #STATEMENT_TIMEOUT}; returns null without
   * running it when another process holds the lease, or when this one lost it on the way (it ran
   * out, and another took it).
   */
  private <T> T housekeeping(Function<Turn, T> work) {
    try (SqlSession session = sessions.openSession(true)) {
      Turn turn = new Turn(session.getMapper(PartitionMapper.class), UUID.randomUUID().toString());
      if (!turn.take()) {
        return null;
      }
      try {
        return work.apply(turn);
      } catch (LeaseLost e) {
        LOG.warn("partition housekeeping in {} stopped: its lease ran out and another process took it", schema);
        return null;
      } finally {
        turn.mapper().giveBackLease(turn.holder());
      }
    }
  }

  /** One pass's hold of the lease: {@code holder} is new for every pass. */
  private record Turn(PartitionMapper mapper, String holder) {
    boolean take() {
      return mapper.takeLease(holder, LEASE.toMillis()) == 1;
    }

    /** The mapper, once the lease is renewed for the next step; throws when it was lost. */
    PartitionMapper renewed() {
      if (!take()) {
        throw new LeaseLost();
      }
      return mapper;
    }
  }

  /** The lease ran out during a pass and another process took it. */
  private static final class LeaseLost extends RuntimeException {
    LeaseLost() {
      super(null, null, false, false);
    }
  }
}
