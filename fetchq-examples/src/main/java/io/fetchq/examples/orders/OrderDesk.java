package io.fetchq.examples.orders;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The application's order desk, in its own tables and its own transactions: placing an order
 * writes the order row and pushes its confirmation task in one transaction; confirming writes the
 * confirmation row and completes the task in one transaction. Either both happen or neither.
 */
public final class OrderDesk {
  private final DataSource dataSource;
  private final String schema;

  /** The desk over {@code dataSource}'s tables in {@code schema} (a checked identifier). */
  public OrderDesk(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** Creates the application's tables. */
  public void createTables() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".orders (id text PRIMARY KEY, customer text NOT NULL,"
          + " total numeric NOT NULL CHECK (total >= 0.01))");
      s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".confirmations (order_id text PRIMARY KEY"
          + " REFERENCES " + schema + ".orders, lease bigint NOT NULL)");
    }
  }

  /**
   * Saves {@code order} and pushes its task to {@code confirmations}, both in one transaction: when
   * the database refuses the order, no task exists either.
   *
   * @throws SQLException when the order is refused; nothing is stored
   */
  public void place(Order order, Queue confirmations) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".orders VALUES (?, ?, ?)")) {
        // the task first: when the order row is refused after it, the rollback takes the task back too
        confirmations.on(c).push(NewTask.of(order.id()).payload(order));
        insert.setString(1, order.id());
        insert.setString(2, order.customer());
        insert.setBigDecimal(3, order.total());
        insert.executeUpdate();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * The confirmation handler's work: records the confirmation and completes the task in one
   * transaction, fenced by the run's lease. If this transaction does not commit, neither does the
   * outcome, and the task comes back to be confirmed again.
   */
  public Action confirm(Order order, Task task, TaskContext context) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".confirmations VALUES (?, ?)")) {
        insert.setString(1, order.id());
        insert.setLong(2, context.lease());
        insert.executeUpdate();
        context.settle(c, Action.complete());
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return Action.complete(); // settled above, in the transaction; the runtime applies nothing more
  }

  /** The ids of the orders saved. */
  public List<String> orders() throws SQLException {
    return ids("SELECT id FROM " + schema + ".orders ORDER BY id");
  }

  /** The ids of the orders confirmed. */
  public List<String> confirmed() throws SQLException {
    return ids("SELECT order_id FROM " + schema + ".confirmations ORDER BY order_id");
  }

  private List<String> ids(String sql) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }
}
