package io.fetchq.examples.spring;

import java.math.BigDecimal;

/** An order as the REST endpoint takes it and as its task carries it. */
public record Order(String id, String customer, BigDecimal total) {}
