package io.fetchq;

/**
 * Where a task is in its life. A task is {@link #PLANNED} until it is due, {@link #PENDING} while
 * it waits for a worker, {@link #ACTIVE} while one worker holds its lock, and ends {@link
 * #COMPLETED} or {@link #KILLED} unless it is rescheduled.
 */
public enum TaskStatus {
  /** Waiting for its due time ({@code nextIteration}). */
  PLANNED(0),
  /** Due and waiting to be picked. */
  PENDING(1),
  /** Held by one worker until its lock expires or an outcome settles it. */
  ACTIVE(2),
  /** Done; never picked again unless upserted. */
  COMPLETED(3),
  /** Failed past the queue's threshold, or killed by its handler; never picked again. */
  KILLED(-1);

  private final int code;

  TaskStatus(int code) {
    this.code = code;
  }

  /** The stable number that stands for this status in storage. */
  public int code() {
    return code;
  }

  /** The status stored as {@code code}. */
  public static TaskStatus ofCode(int code) {
    for (TaskStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    throw new IllegalArgumentException("no task status has code " + code);
  }
}
