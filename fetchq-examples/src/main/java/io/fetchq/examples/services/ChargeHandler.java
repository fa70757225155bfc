package io.fetchq.examples.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.Task;
import io.fetchq.TaskContext;

/**
 * Charges one payment: finds the application's {@link Ledger} and {@link Receipts} through the
 * context, charges in the ledger's own transaction, sends a receipt, completes. A charge the
 * database refuses (the balance would go below zero) is rolled back and thrown, which rejects the
 * run; past the queue's threshold the payment is killed.
 */
public final class ChargeHandler implements Handler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Action handle(Task task, TaskContext ctx) throws Exception {
    Ledger ledger = ctx.service(Ledger.class).orElseThrow(() -> new IllegalStateException("no Ledger registered"));
    Receipts receipts = ctx.service(Receipts.class).orElseThrow(() -> new IllegalStateException("no Receipts registered"));
    JsonNode payment = JSON.readTree(task.payload());
    String account = payment.get("account").asText();
    long amount = payment.get("amount").asLong();
    if (ledger.charge(task.subject(), account, amount)) {
      receipts.send(task.subject() + ": " + amount + " from " + account);
    }
    return Action.complete();
  }
}
