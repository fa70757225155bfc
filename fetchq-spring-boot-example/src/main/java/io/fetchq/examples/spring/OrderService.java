package io.fetchq.examples.spring;

import io.fetchq.NewTask;
import io.fetchq.spring.TransactionalQueues;
import java.math.BigDecimal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Places orders: the order's row and its confirmation task in one transaction. An order over the
 * credit limit is refused after both were written, so the transaction rolls back and neither
 * stays.
 */
@Service
public class OrderService {
  static final String QUEUE = "confirmations";
  static final BigDecimal CREDIT_LIMIT = new BigDecimal("1000");

  private final JdbcTemplate jdbc;
  private final TransactionalQueues queues;
  private final String table;

  /** Creates the orders table, {@code <orders.schema>.orders}, when it is missing. */
  public OrderService(JdbcTemplate jdbc, TransactionalQueues queues, @Value("${orders.schema:shop}") String schema) {
    this.jdbc = jdbc;
    this.queues = queues;
    this.table = schema + ".orders";
    jdbc.execute("create schema if not exists " + schema);
    jdbc.execute("create table if not exists " + table + " (id text primary key, customer text not null,"
        + " total numeric not null, confirmed_at timestamptz)");
  }

  /** Marks the order confirmed; a second time changes nothing. */
  public void confirm(String id) {
    jdbc.update("update " + table + " set confirmed_at = coalesce(confirmed_at, now()) where id = ?", id);
  }

  /** Saves the order and pushes its task; both commit, or (refused) neither. */
  @Transactional
  public void place(Order order) {
    jdbc.update("insert into " + table + " (id, customer, total) values (?, ?, ?)", order.id(), order.customer(),
        order.total());
    queues.queue(QUEUE).push(NewTask.of(order.id()).payload(order));
    if (order.total().compareTo(CREDIT_LIMIT) > 0) {
      throw new OverCreditLimitException(order);   // after the push: the rollback takes the task too
    }
  }

  /** The order row's confirmation time, or null while it waits; null too when there is no row. */
  public String status(String id) {
    return jdbc.query("select confirmed_at from " + table + " where id = ?",
        rs -> rs.next() ? (rs.getTimestamp(1) == null ? "placed" : "confirmed") : "none", id);
  }

  /** An order refused after its writes: the answer is 422 and its transaction rolls back. */
  @ResponseStatus(HttpStatus.UNPROCESSABLE_CONTENT)
  public static class OverCreditLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverCreditLimitException(Order order) {
      super("order " + order.id() + " is over the credit limit of " + CREDIT_LIMIT);
    }
  }
}
