package io.fetchq.postgres;

import io.fetchq.QueueOptions;
import io.fetchq.TaskError;
import java.util.List;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The {@code postgres} layout: every queue's tasks in one table with partial indexes, the error log
 * in one table; a queue is a row, made, emptied and dropped by the statements of {@code
 * QueueMapper.xml}, and tidied by {@code DELETE}s that read an index of what they delete.
 */
final class PlainLayout implements TableLayout {
  static final TableNames TABLES = new TableNames(
      "fetchq_queue", "fetchq_task", "fetchq_task", "fetchq_counter", "fetchq_error", "fetchq_lease_seq");

  @Override
  public String name() {
    return PostgresStorageProvider.NAME;
  }

  @Override
  public TableNames tables() {
    return TABLES;
  }

  @Override
  public String taskTableOptions() {
    return "";
  }

  @Override
  public String errorTableOptions() {
    return "";
  }

  @Override
  public String migrations() {
    return "classpath:io/fetchq/postgres/migration/plain";
  }

  @Override
  public String historyTable() {
    return "fetchq_schema_history";
  }

  @Override
  public List<Class<?>> mappers() {
    return List.of();
  }

  @Override
  public Queues open(SqlSessionFactory sessions, String schema) {
    return new PlainQueues(sessions);
  }

  private record PlainQueues(SqlSessionFactory sessions) implements Queues {

    @Override
    public boolean create(String queue, QueueOptions options) {
      return run(s -> s.getMapper(QueueMapper.class).create(QueueRow.of(queue, options))) == 1;
    }

    @Override
    public boolean drop(String queue) {
      return run(s -> s.getMapper(QueueMapper.class).drop(queue)) == 1;
    }

    @Override
    public long truncate(int queueId, String queue) {
      return run(s -> s.getMapper(QueueMapper.class).truncate(queueId, queue));
    }

    @Override
    public int pruneErrors(int queueId, String queue, int limit) {
      return run(s -> s.getMapper(ErrorMapper.class).prune(queueId, queue, limit));
    }

    @Override
    public int retireFinished(int queueId, String queue, int limit) {
      return run(s -> s.getMapper(TaskMapper.class).retire(queueId, queue, limit));
    }

    @Override
    public List<TaskError> errors(int queueId, String queue, String subject, int limit) {
      return run(s -> s.getMapper(ErrorMapper.class).errors(queueId, queue, subject, limit));
    }

    private <T> T run(Function<SqlSession, T> statement) {
      try (SqlSession session = sessions.openSession(true)) {
        return statement.apply(session);
      }
    }
  }
}
