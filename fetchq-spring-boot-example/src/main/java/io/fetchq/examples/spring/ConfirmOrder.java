package io.fetchq.examples.spring;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.spring.FetchqWorker;
import org.springframework.stereotype.Component;

/** The worker of the confirmations queue: marks the order confirmed (idempotent: a rerun changes nothing). */
@Component
@FetchqWorker(queue = OrderService.QUEUE, concurrency = 2)
public class ConfirmOrder implements Handler {
  private final OrderService orders;

  public ConfirmOrder(OrderService orders) {
    this.orders = orders;
  }

  @Override
  public Action handle(Task task, TaskContext context) {
    Order order = context.payload(Order.class);
    orders.confirm(order.id());
    return Action.complete();
  }
}
