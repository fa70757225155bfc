package io.fetchq.chaos;

import java.io.PrintStream;
import java.util.List;

/**
 * What the checker found. The run passes when nothing was lost, no two current runs of a subject
 * overlapped, no stale outcome was applied, every counter equals its rows and every failure entry
 * of the error log matches a recorded failure.
 *
 * @param tasks tasks pushed
 * @param rows tasks in the queue at the end
 * @param completed COMPLETED at the end
 * @param killed KILLED at the end
 * @param lost pushed tasks neither COMPLETED nor KILLED at the end (subjects, at most a few shown)
 * @param lostCount how many
 * @param runs runs read from the histories
 * @param cutLines history lines cut short by a kill
 * @param overlaps runs that started while an earlier run of the subject held a current lease
 * @param overlapCount how many
 * @param staleApplied outcomes applied while their lease was no longer current
 * @param staleAppliedCount how many
 * @param counterMismatches each counter that differs from its rows
 * @param failuresRecorded runs that rejected or threw
 * @param failureEntries error log entries of those failures
 * @param orphanEntries error log entries of runs whose lock expired
 * @param unmatchedFailureEntries failure entries with no recorded failure of their subject and attempt
 * @param interruptedRuns runs the runtime interrupted (their lock ran out while they worked)
 * @param lateOutcomes outcomes applied although their run ended past its lock: no other pick came
 *     first, so the lease was still current (not a violation)
 */
record CheckReport(
    long tasks, long rows, long completed, long killed, List<String> lost, long lostCount, long runs, int cutLines,
    List<String> overlaps, long overlapCount, List<String> staleApplied, long staleAppliedCount,
    List<String> counterMismatches, long failuresRecorded, long failureEntries, long orphanEntries,
    long unmatchedFailureEntries, long interruptedRuns, long lateOutcomes) {

  boolean passed() {
    return lostCount == 0 && overlapCount == 0 && staleAppliedCount == 0 && counterMismatches.isEmpty()
        && unmatchedFailureEntries == 0;
  }

  void print(PrintStream out) {
    out.printf("tasks pushed %d, rows %d, completed %d, killed %d%n", tasks, rows, completed, killed);
    out.printf("runs recorded %d (history lines cut by a kill: %d)%n", runs, cutLines);
    out.printf("lost tasks:                   %d %s%n", lostCount, lost.isEmpty() ? "" : lost);
    out.printf("overlapping current runs:     %d %s%n", overlapCount, overlaps.isEmpty() ? "" : overlaps);
    out.printf("stale outcomes applied:       %d %s%n", staleAppliedCount, staleApplied.isEmpty() ? "" : staleApplied);
    out.printf("counters against rows:        %s%n", counterMismatches.isEmpty() ? "exact" : counterMismatches);
    out.printf("error log against failures:   %d failures recorded, %d failure entries (%d unmatched), %d orphan entries%n",
        failuresRecorded, failureEntries, unmatchedFailureEntries, orphanEntries);
    out.printf("runs interrupted past their lock: %d; outcomes applied after the lock ran out, before any other pick: %d%n",
        interruptedRuns, lateOutcomes);
    out.println(passed() ? "CHECK PASSED" : "CHECK FAILED");
  }
}
