package io.fetchq.examples.services;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A second application service: sends a receipt for each payment (here, it keeps them in memory). */
public final class Receipts {
  private final List<String> sent = new CopyOnWriteArrayList<>();

  /** Sends a receipt. */
  public void send(String text) {
    sent.add(text);
  }

  /** Every receipt sent so far. */
  public List<String> sent() {
    return List.copyOf(sent);
  }
}
