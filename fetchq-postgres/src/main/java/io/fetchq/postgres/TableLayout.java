package io.fetchq.postgres;

import io.fetchq.QueueOptions;
import io.fetchq.TaskError;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Where a PostgreSQL backend keeps its tables, and how it makes, empties, drops and tidies a
 * queue's: the one thing the {@code postgres} backend and {@code fetchq-partitioned} do
 * differently. Every task statement (push, pick, settle, extend, promote, orphan recovery, stats)
 * is the same SQL for every layout, loaded with the layout's {@link TableNames}, and so are the
 * migrations that make the queue, counter and task tables; a layout adds its own migrations and the
 * statements of {@link Queues}. A backend with a layout of its own is a {@link
 * PostgresStorageProvider} made with it.
 */
public interface TableLayout {

  /** The backend's provider name, the value of {@code fetchq.storage} that chooses it. */
  String name();

  /** The names of the layout's tables. */
  TableNames tables();

  /**
   * What follows the task table's columns in the shared migration's {@code CREATE TABLE}: its
   * storage parameters, or its partitioning.
   */
  String taskTableOptions();

  /** What follows the error log's columns in the shared migration's {@code CREATE TABLE}. */
  String errorTableOptions();

  /**
   * The classpath location of the layout's own Flyway migrations; Flyway runs them with the shared
   * ones, in order of version, with the same placeholders.
   */
  String migrations();

  /** The layout's Flyway history table: each layout has its own, so layouts may share a schema. */
  String historyTable();

  /** The layout's own MyBatis mapper interfaces, loaded beside the shared ones with the same variables. */
  List<Class<?>> mappers();

  /**
   * Why the layout cannot run on a Citus cluster, or empty when it can. A layout that can has its
   * queue table made a reference table and its task, counter and error tables distributed by {@code
   * queue_id} and co-located, when the backend finds the {@code citus} extension (docs/scaling.md);
   * one that cannot is refused at start, before any table is made.
   */
  default Optional<String> citusRefusal() {
    return Optional.empty();
  }

  /** The layout's queue statements, over sessions of the configured schema, once it is current. */
  Queues open(SqlSessionFactory sessions, String schema);

  /**
   * The statements that differ by layout. The storage has checked every argument and looked the
   * queue id up before a call, and turns what a call throws into a {@link io.fetchq.StorageException}
   * unless it is one (or a {@link io.fetchq.QueueNotFoundException}) already.
   */
  interface Queues {

    /** Makes the queue, its counters and its tables; false, changing nothing, when the name is taken. */
    boolean create(String queue, QueueOptions options);

    /** Deletes the queue with its tasks, counters and error log; false when there was none. */
    boolean drop(String queue);

    /**
     * Deletes the queue's tasks and error log, keeping its options, with the status counters down
     * by the rows deleted and the flow counters at zero; returns the tasks deleted, or -1 when the
     * queue does not exist under this id (the storage then looks the name up again).
     */
    long truncate(int queueId, String queue);

    /** Deletes up to {@code limit} entries of the queue's error log past its retention; returns how many. */
    int pruneErrors(int queueId, String queue, int limit);

    /** Deletes finished tasks of the queue past its retention, about {@code limit} at most; returns how many. */
    int retireFinished(int queueId, String queue, int limit);

    /** Entries of the queue's error log, newest first, of one subject or (with null) of all. */
    List<TaskError> errors(int queueId, String queue, String subject, int limit);
  }
}
