package io.fetchq.chaos;

/**
 * One fault of the schedule.
 *
 * @param number its place in the schedule, from 1
 * @param kind what it does
 * @param atMillis when it strikes, from the end of the first run (when every worker may be up)
 * @param worker the worker slot it strikes, for the faults that strike one worker
 */
record Fault(int number, FaultKind kind, long atMillis, int worker) {

  @Override
  public String toString() {
    boolean oneWorker = kind == FaultKind.KILL_WORKER || kind == FaultKind.STALL_WORKER;
    return String.format("#%d at %.1fs %s%s", number, atMillis / 1000.0, kind, oneWorker ? " worker " + worker : "");
  }
}
