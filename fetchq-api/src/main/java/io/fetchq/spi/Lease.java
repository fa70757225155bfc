package io.fetchq.spi;

import io.fetchq.Task;
import io.fetchq.internal.Require;

/**
 * The claim one pick gave on one task: the subject and the lease token. It is current until the
 * task is settled, recovered as an orphan by maintenance, or picked again.
 *
 * @param subject the task's subject
 * @param token the lease the pick returned ({@link Task#lease()})
 */
public record Lease(String subject, long token) {
  public Lease {
    Require.subject("subject", subject);
    Require.range("lease", token, 1, Long.MAX_VALUE);
  }

  /** The lease of a picked task. */
  public static Lease of(Task task) {
    return new Lease(task.subject(), task.lease());
  }
}
