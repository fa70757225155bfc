package io.fetchq.spi;

import java.util.Set;

/**
 * Wake-ups between the processes that share a database: a push of due tasks can tell idle workers
 * at once instead of letting them wait for their next poll. Delivery is best effort; workers keep
 * polling as a backstop.
 */
public interface Notifications {

  /** Tells every listener of these queues that due tasks arrived; one round trip for all of them. */
  void send(Set<String> queues);

  /**
   * Listens for wake-ups of these queues on a connection of its own, until the subscription is
   * closed. The listener is called from the subscription's own thread; when the connection is
   * lost it is told, and the subscription reconnects by itself.
   */
  Subscription listen(Set<String> queues, Listener listener);

  /** Receives wake-ups. */
  interface Listener {

    /** Due tasks arrived in {@code queue}. */
    void wake(String queue);

    /** The subscription is listening (again); wake-ups sent before this may have been missed. */
    default void connected() {}

    /** The subscription lost its connection and is reconnecting. */
    default void disconnected(Throwable cause) {}
  }

  /** A running subscription. */
  interface Subscription extends AutoCloseable {

    /** Stops listening and releases the connection. */
    @Override
    void close();
  }
}
