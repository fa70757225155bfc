package io.fetchq.examples.spring;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders} places an order; {@code GET /orders/{id}} says whether it was confirmed. */
@RestController
public class OrderController {
  private final OrderService orders;

  public OrderController(OrderService orders) {
    this.orders = orders;
  }

  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, String> place(@RequestBody Order order) {
    orders.place(order);
    return Map.of("id", order.id(), "status", "placed");
  }

  @GetMapping("/orders/{id}")
  public Map<String, String> status(@PathVariable("id") String id) {
    return Map.of("id", id, "status", orders.status(id));
  }
}
