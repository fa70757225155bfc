package io.fetchq;

/**
 * A queue's counters. The status counts always equal the number of tasks in each status; the flow
 * counters only grow (until the queue is truncated).
 *
 * @param queue the queue's name
 * @param planned tasks waiting for their due time
 * @param pending tasks due and waiting for a worker
 * @param active tasks held by a worker
 * @param completed tasks done
 * @param killed tasks past the threshold or killed by their handler
 * @param pushed tasks added (by push, append or upsert)
 * @param picked picks (each one starts a run)
 * @param processed runs ended by an outcome (complete, reschedule, reject, kill or drop)
 * @param rescheduled runs ended by a reschedule
 * @param rejected runs ended by a reject
 * @param orphaned runs whose lock expired before an outcome
 * @param errors entries written to the error log
 */
public record QueueStats(
    String queue,
    long planned,
    long pending,
    long active,
    long completed,
    long killed,
    long pushed,
    long picked,
    long processed,
    long rescheduled,
    long rejected,
    long orphaned,
    long errors) {

  /** All tasks in the queue, whatever their status. */
  public long total() {
    return planned + pending + active + completed + killed;
  }

  /** The count of tasks in one status. */
  public long count(TaskStatus status) {
    return switch (status) {
      case PLANNED -> planned;
      case PENDING -> pending;
      case ACTIVE -> active;
      case COMPLETED -> completed;
      case KILLED -> killed;
    };
  }
}
