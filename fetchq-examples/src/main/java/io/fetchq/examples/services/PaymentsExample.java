package io.fetchq.examples.services;

import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.RetryPolicy;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.examples.support.ExampleRun;
import io.fetchq.examples.support.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A handler with its own transaction and the application's service objects: a payments queue whose
 * {@link ChargeHandler} reaches a {@link Ledger} and {@link Receipts} registered with {@code
 * builder.service(...)}. The ledger writes the application's tables in its own transaction; a
 * payment the account cannot cover is rolled back every time it is tried, and killed at the
 * threshold without leaving a trace in the ledger.
 */
public final class PaymentsExample {
  /** The queue of payments. */
  public static final String QUEUE = "payments";
  /** The account every payment is charged to. */
  public static final String ACCOUNT = "ann";
  /** What the account holds before the payments. */
  public static final long OPENING_BALANCE = 100;
  /** The payments: four that fit, and one that does not. */
  public static final Map<String, Long> PAYMENTS =
      Map.of("coffee", 5L, "books", 30L, "train", 25L, "lunch", 15L, "new-car", 20_000L);

  /**
   * What a run left behind.
   *
   * @param balance the account's balance at the end
   * @param payments the payments recorded in the ledger
   * @param receipts the receipts sent
   * @param statuses each payment's final status
   * @param errors the queue's error log, newest first
   */
  public record Result(long balance, long payments, List<String> receipts, Map<String, TaskStatus> statuses,
      List<TaskError> errors) {}

  private PaymentsExample() {}

  public static void main(String[] args) throws Exception {
    Result result = ExampleRun.inFreshSchema("payments", PaymentsExample::run);
    System.out.println("balance " + OPENING_BALANCE + " -> " + result.balance() + " after " + result.payments() + " payments");
    System.out.println("receipts: " + result.receipts());
    System.out.println("statuses: " + result.statuses());
    result.errors().forEach(e -> System.out.println("error log: " + e.subject() + " attempt " + e.attempt() + ": " + e.message()));
  }

  /** Opens the account, pushes the payments, and waits until each is completed or killed. */
  public static Result run(FetchqConfig config) throws Exception {
    PGSimpleDataSource appDataSource = new PGSimpleDataSource();
    appDataSource.setURL(config.dbUrl().orElseThrow());
    config.dbUser().ifPresent(appDataSource::setUser);
    config.dbPassword().ifPresent(appDataSource::setPassword);
    Ledger ledger = new Ledger(appDataSource, config.schema());
    Receipts receipts = new Receipts();
    try (Fetchq fetchq =
        Fetchq.builder()
            .config(config.with("fetchq.maintenance.interval", "100ms"))
            .queue(QUEUE, q -> q.maxAttempts(2).retry(RetryPolicy.fixed(Duration.ofMillis(100))))
            .worker(QUEUE, new ChargeHandler(), w -> w.concurrency(2))
            .service(Ledger.class, ledger)
            .service(Receipts.class, receipts)
            .build()) {
      ledger.open(ACCOUNT, OPENING_BALANCE); // the schema exists once the client is built
      fetchq.start();
      Queue payments = fetchq.queue(QUEUE);
      PAYMENTS.forEach((id, amount) ->
          payments.push(NewTask.of(id).payload("{\"account\":\"" + ACCOUNT + "\",\"amount\":" + amount + "}")));
      Waiting.until(() -> settled(payments.stats()), Duration.ofSeconds(30), "settling every payment");
      Map<String, TaskStatus> statuses = new TreeMap<>();
      PAYMENTS.keySet().forEach(id -> statuses.put(id, payments.get(id).orElseThrow().status()));
      return new Result(ledger.balance(ACCOUNT), ledger.payments(ACCOUNT), receipts.sent(), statuses,
          payments.errors(10));
    }
  }

  private static boolean settled(QueueStats stats) {
    return stats.completed() + stats.killed() == PAYMENTS.size();
  }
}
