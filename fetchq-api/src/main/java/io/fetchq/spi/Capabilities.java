package io.fetchq.spi;

/**
 * What a backend offers beyond the contract; the conformance suite branches on these flags instead
 * of skipping tests.
 *
 * @param notifications whether pushing due tasks to a queue with notifications on sends a
 *     PostgreSQL NOTIFY on {@link #channel(String)}
 */
public record Capabilities(boolean notifications) {

  /** The LISTEN channel of a queue's notifications. */
  public static String channel(String queue) {
    return "fetchq_" + queue;
  }
}
