package io.fetchq;

/**
 * An outcome was refused because the run's lease is no longer current: the task's lock expired and
 * the task may be another run's now. Nothing was applied; thrown inside the caller's transaction
 * so that the caller rolls its own writes back with it.
 */
public class LeaseLostException extends FetchqException {
  private static final long serialVersionUID = 1L;

  private final String queue;
  private final String subject;
  private final long lease;

  public LeaseLostException(String queue, String subject, long lease) {
    super("the lease " + lease + " of task \"" + subject + "\" in queue " + queue
        + " is no longer current (its lock expired and it may be another run's); the outcome was not applied");
    this.queue = queue;
    this.subject = subject;
    this.lease = lease;
  }

  /** The task's queue. */
  public String queue() {
    return queue;
  }

  /** The task's subject. */
  public String subject() {
    return subject;
  }

  /** The lease that was no longer current. */
  public long lease() {
    return lease;
  }
}
