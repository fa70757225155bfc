package io.fetchq.postgres;

import io.fetchq.FetchqException;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads a layout's tables over a Citus cluster when the database has the {@code citus}
 * extension: the queue table becomes a reference table (a copy on every node, read by every
 * statement), and the task, counter and error tables are distributed by {@code queue_id} and
 * co-located, so that every statement of one queue runs on the one node that holds its shard.
 * Idempotent: a table that is a Citus table already is left alone, so it runs at every start, and a
 * schema made before the extension was added is distributed (its rows moved) at the next start.
 */
final class CitusDistribution {
  private static final Logger log = LoggerFactory.getLogger(CitusDistribution.class);

  private CitusDistribution() {}

  /** Whether the database behind {@code sessions} is a Citus coordinator. */
  static boolean installed(SqlSessionFactory sessions) {
    try (SqlSession session = sessions.openSession(true)) {
      return session.getMapper(CitusMapper.class).installed();
    }
  }

  /** Refuses a layout that cannot run on Citus, before anything is made. */
  static void checkSupported(TableLayout layout) {
    layout.citusRefusal().ifPresent(reason -> {
      throw new FetchqException("storage " + layout.name() + " found the citus extension: " + reason);
    });
  }

  /** Makes the layout's tables in {@code schema} Citus tables, those that are not yet. */
  static void distribute(SqlSessionFactory sessions, String schema, TableNames tables) {
    try (SqlSession session = sessions.openSession(true)) {
      CitusMapper citus = session.getMapper(CitusMapper.class);
      String queues = schema + "." + tables.queueTable();
      String tasks = schema + "." + tables.taskTable();
      if (!citus.distributed(queues)) {
        citus.reference(queues);
        log.info("made {} a Citus reference table", queues);
      }
      if (!citus.distributed(tasks)) {
        citus.distribute(tasks, "default");
        log.info("distributed {} by queue_id", tasks);
      }
      for (String table : new String[] {tables.counterTable(), tables.errorTable()}) {
        String qualified = schema + "." + table;
        if (!citus.distributed(qualified)) {
          citus.distribute(qualified, tasks);
          log.info("distributed {} by queue_id, co-located with {}", qualified, tasks);
        }
      }
    } catch (RuntimeException e) {
      throw new FetchqException("schema " + schema + " could not be distributed over the Citus cluster: "
          + e.getMessage(), e);
    }
  }
}
