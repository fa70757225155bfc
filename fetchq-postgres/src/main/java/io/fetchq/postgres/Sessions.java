package io.fetchq.postgres;

import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/**
 * Where the storage's statements run: on connections of the pool, each statement or group its own
 * transaction ({@link PooledSessions}), or on a caller's connection inside the transaction the
 * caller has open ({@link CallerSessions}). Database failures come out translated.
 */
interface Sessions {

  /** Runs one statement: auto-committed on the pool; in the caller's transaction on its connection. */
  <T> T statement(String operation, Function<SqlSession, T> statement);

  /**
   * Runs statements that must take effect together: in a transaction of their own on the pool,
   * committed when they return and rolled back when they throw; in the caller's transaction on its
   * connection.
   */
  <T> T transaction(String operation, Function<SqlSession, T> statements);
}
