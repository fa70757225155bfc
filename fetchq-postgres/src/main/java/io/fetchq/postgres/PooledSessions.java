package io.fetchq.postgres;

import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** Statements on connections of the storage's data source, each call its own transaction. */
final class PooledSessions implements Sessions {
  private final SqlSessionFactory factory;

  PooledSessions(SqlSessionFactory factory) {
    this.factory = factory;
  }

  @Override
  public <T> T statement(String operation, Function<SqlSession, T> statement) {
    try (SqlSession session = factory.openSession(true)) {
      return statement.apply(session);
    } catch (RuntimeException e) {
      throw SqlFailures.translate(operation, e);
    }
  }

  @Override
  public <T> T transaction(String operation, Function<SqlSession, T> statements) {
    try (SqlSession session = factory.openSession(false)) {
      T result = statements.apply(session);
      session.commit(true);
      return result;
    } catch (RuntimeException e) {
      throw SqlFailures.translate(operation, e);
    }
  }
}
