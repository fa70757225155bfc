package io.fetchq.spring;

import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.QueueTasks;
import io.fetchq.StorageException;
import io.fetchq.Task;
import io.fetchq.core.Fetchq;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The queues' tasks inside the application's Spring-managed transactions. In a method that runs in
 * a transaction on the application's {@code DataSource} ({@code @Transactional}, a {@code
 * TransactionTemplate}), {@code queue(name).push(...)} writes the task on that transaction's
 * connection: it commits with the method's other writes, or rolls back with them and leaves no
 * trace. Outside such a transaction each call is a transaction of its own, as {@link
 * Fetchq#queue(String)}'s.
 *
 * <pre>{@code
 * @Transactional
 * public void place(Order order) {
 *   jdbc.update("insert into orders ...", ...);
 *   queues.queue("confirmations").push(NewTask.of(order.id()).payload(order));
 * }
 * }</pre>
 *
 * <p>The decision is made at each call, so the returned object may be kept in a field. Fetchq
 * never commits, rolls back or closes the transaction's connection.
 */
public final class TransactionalQueues {
  private final Fetchq fetchq;
  private final DataSource dataSource;

  TransactionalQueues(Fetchq fetchq, DataSource dataSource) {
    this.fetchq = fetchq;
    this.dataSource = dataSource;
  }

  /**
   * The tasks of queue {@code name}, in the current transaction when there is one on the
   * application's {@code DataSource}, else each call in its own.
   */
  public QueueTasks queue(String name) {
    return new Bound(fetchq.queue(name));
  }

  /** Whether a transaction on the application's {@code DataSource} is open in this thread now. */
  public boolean inTransaction() {
    return dataSource != null
        && TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.getResource(dataSource) != null;
  }

  /** The queue's tasks, each call on the transaction's connection when there is one. */
  private final class Bound implements QueueTasks {
    private final Queue queue;

    Bound(Queue queue) {
      this.queue = queue;
    }

    private <T> T call(Function<QueueTasks, T> operation) {
      if (!inTransaction()) {
        return operation.apply(queue);
      }
      Connection connection = DataSourceUtils.getConnection(dataSource);
      try {
        boolean joined = DataSourceUtils.isConnectionTransactional(connection, dataSource) && !connection.getAutoCommit();
        return operation.apply(joined ? queue.on(connection) : queue);
      } catch (SQLException e) {
        throw new StorageException("could not read the transaction's connection: " + e.getMessage(), e.getSQLState(), false, e);
      } finally {
        DataSourceUtils.releaseConnection(connection, dataSource);
      }
    }

    @Override
    public String name() {
      return queue.name();
    }

    @Override
    public boolean push(NewTask task) {
      return call(q -> q.push(task));
    }

    @Override
    public int pushAll(List<NewTask> tasks) {
      return call(q -> q.pushAll(tasks));
    }

    @Override
    public String append(String payload) {
      return call(q -> q.append(payload));
    }

    @Override
    public String append(Object payload) {
      return call(q -> q.append(payload));
    }

    @Override
    public boolean upsert(NewTask task) {
      return call(q -> q.upsert(task));
    }

    @Override
    public Optional<Task> get(String subject) {
      return call(q -> q.get(subject));
    }

    @Override
    public QueueStats stats() {
      return call(QueueTasks::stats);
    }
  }
}
