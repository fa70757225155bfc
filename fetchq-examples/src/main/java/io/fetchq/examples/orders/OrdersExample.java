package io.fetchq.examples.orders;

import io.fetchq.Handler;
import io.fetchq.QueueStats;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.examples.support.ExampleRun;
import io.fetchq.examples.support.Waiting;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Work inside the application's transactions, with payloads as the application's own type: each
 * order row and its confirmation task are committed together (an order the database refuses
 * leaves no task), and a typed handler receives the {@link Order} and writes its confirmation
 * and completes its task in one transaction.
 */
public final class OrdersExample {
  /** The queue of confirmations. */
  public static final String QUEUE = "confirmations";
  /** The orders placed: three the database accepts, and one it refuses (a total of zero). */
  public static final List<Order> ORDERS = List.of(
      new Order("o-1001", "ada", new BigDecimal("12.50")),
      new Order("o-1002", "alan", new BigDecimal("7.00")),
      new Order("o-1003", "grace", BigDecimal.ZERO),
      new Order("o-1004", "edsger", new BigDecimal("99.99")));

  /**
   * What a run left behind.
   *
   * @param orders the orders saved
   * @param refused the orders the database refused
   * @param confirmed the orders confirmed
   * @param statuses each confirmation task's status, by order id
   * @param stats the queue's counters
   */
  public record Result(List<String> orders, List<String> refused, List<String> confirmed,
      Map<String, TaskStatus> statuses, QueueStats stats) {}

  private OrdersExample() {}

  public static void main(String[] args) throws Exception {
    Result result = ExampleRun.inFreshSchema("orders", OrdersExample::run);
    System.out.println("orders saved: " + result.orders() + "; refused: " + result.refused());
    System.out.println("confirmed: " + result.confirmed() + "; tasks: " + result.statuses());
  }

  /** Places the orders, then waits until every confirmation task is completed. */
  public static Result run(FetchqConfig config) throws Exception {
    PGSimpleDataSource appDataSource = new PGSimpleDataSource();
    appDataSource.setURL(config.dbUrl().orElseThrow());
    config.dbUser().ifPresent(appDataSource::setUser);
    config.dbPassword().ifPresent(appDataSource::setPassword);
    OrderDesk desk = new OrderDesk(appDataSource, config.schema());
    try (Fetchq fetchq = Fetchq.builder()
        .config(config)
        .queue(QUEUE)
        .worker(QUEUE, Handler.typed(Order.class, desk::confirm))
        .build()) {
      desk.createTables(); // the schema exists once the client is built
      fetchq.start();
      List<String> refused = new java.util.ArrayList<>();
      for (Order order : ORDERS) {
        try {
          desk.place(order, fetchq.queue(QUEUE));
        } catch (SQLException e) {
          refused.add(order.id());
        }
      }
      List<String> orders = desk.orders();
      Waiting.until(() -> fetchq.queue(QUEUE).stats().completed() == orders.size(), Duration.ofSeconds(30),
          "confirming every order");
      Map<String, TaskStatus> statuses = new TreeMap<>();
      for (Order order : ORDERS) {
        fetchq.queue(QUEUE).get(order.id()).ifPresent(t -> statuses.put(order.id(), t.status()));
      }
      return new Result(orders, refused, desk.confirmed(), statuses, fetchq.queue(QUEUE).stats());
    }
  }
}
