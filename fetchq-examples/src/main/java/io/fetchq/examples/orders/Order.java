package io.fetchq.examples.orders;

import java.math.BigDecimal;

/**
 * An order as the application knows it; also the payload of its confirmation task, written and
 * read by the Jackson codec that Fetchq finds on the class path.
 *
 * @param id the order's key, and the subject of its confirmation task
 * @param customer who placed it
 * @param total what it costs; the orders table refuses a total below one cent
 */
public record Order(String id, String customer, BigDecimal total) {}
