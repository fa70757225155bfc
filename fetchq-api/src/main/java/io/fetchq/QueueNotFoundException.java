package io.fetchq;

/** An operation named a queue that does not exist (never created, or dropped). */
public final class QueueNotFoundException extends FetchqException {
  private static final long serialVersionUID = 1L;

  private final String queue;

  public QueueNotFoundException(String queue) {
    super("queue not found: " + queue);
    this.queue = queue;
  }

  /** The name of the missing queue. */
  public String queue() {
    return queue;
  }
}
