package io.fetchq.chaos;

import io.fetchq.QueueStats;
import io.fetchq.TaskStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Checks a run from its histories and the queue's final rows and counters.
 *
 * <p>Runs of a subject are taken in the order they started. A run's lease is current from its pick
 * until its outcome is applied or its lock expires; the next run of the subject must start after
 * the earlier of the two ends of every run before it (its handler's end, before which no outcome
 * can apply, and its lock expiry), else two current runs overlapped.
 *
 * <p>No hook tells per task whether an outcome applied or was refused as stale ({@link
 * io.fetchq.core.WorkerObserver#settled} gives counts per settle), so applied outcomes are read
 * from the tasks themselves: every outcome but a throw writes a payload naming its run's lease, and
 * every applied outcome adds one iteration. What the next run saw at its pick (payload and
 * iterations; the final row for the last run) must then be either what the run before it saw (its
 * outcome was not applied) or that run's own outcome; anything else is an outcome applied after a
 * later pick, a stale outcome applied.
 */
final class HistoryChecker {
  static final String ORPHAN_MESSAGE = "lock expired before an outcome";
  private static final int SHOWN = 5;

  private HistoryChecker() {}

  static CheckReport check(long tasks, LongFunction<String> subjectOf, History history, QueueRows rows,
      QueueStats counters) {
    List<String> lost = new ArrayList<>();
    long lostCount = 0;
    for (long i = 0; i < tasks; i++) {
      FinalTask task = rows.tasks().get(subjectOf.apply(i));
      if (task == null || (task.status() != TaskStatus.COMPLETED && task.status() != TaskStatus.KILLED)) {
        lostCount++;
        show(lost, subjectOf.apply(i) + (task == null ? " missing" : " " + task.status()));
      }
    }

    List<String> overlaps = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    long overlapCount = 0;
    long staleCount = 0;
    Map<String, Integer> failures = new HashMap<>();
    long failuresRecorded = 0;
    long interrupted = 0;
    long late = 0;
    for (var entry : history.runsBySubject().entrySet()) {
      List<RunRecord> runs = entry.getValue();
      long heldUntil = Long.MIN_VALUE;
      RunRecord previous = null;
      for (RunRecord run : runs) {
        if (run.start() < heldUntil) {
          overlapCount++;
          show(overlaps, run.subject() + " lease " + run.lease() + " started " + (heldUntil - run.start())
              + " µs before an earlier run's lease ended");
        }
        heldUntil = Math.max(heldUntil, Math.min(run.end(), run.lockExpiry()));
        late += appliedLate(previous, run.iterations());
        if (!follows(previous, run.seen(), run.iterations())) {
          staleCount++;
          show(stale, run.subject() + " lease " + run.lease() + " saw " + run.seen() + "/" + run.iterations()
              + " after " + describe(previous));
        }
        if (run.outcome() == RunRecord.Outcome.INTERRUPTED) {
          interrupted++;
        }
        if (run.outcome().failure()) {
          failuresRecorded++;
          failures.merge(run.subject() + "#" + run.attempt(), 1, Integer::sum);
        }
        previous = run;
      }
      FinalTask last = rows.tasks().get(entry.getKey());
      late += last == null ? 0 : appliedLate(previous, last.iterations());
      if (last != null && !follows(previous, last.payload().writtenBy(), last.iterations())) {
        staleCount++;
        show(stale, entry.getKey() + " ended as " + last.payload().writtenBy() + "/" + last.iterations() + " after "
            + describe(previous));
      }
    }
    for (FinalTask task : rows.tasks().values()) {
      if (!history.runsBySubject().containsKey(task.subject()) && (task.iterations() != 0
          || task.payload().writtenBy() != 0)) {
        staleCount++;
        show(stale, task.subject() + " has outcomes but no recorded run");
      }
    }

    long failureEntries = 0;
    long orphanEntries = 0;
    long otherEntries = 0;
    long unmatched = 0;
    for (ErrorEntry error : rows.errors()) {
      if (error.message().startsWith(ChaosHandler.FAILURE_PREFIX)) {
        failureEntries++;
        String key = error.subject() + "#" + error.attempt();
        if (failures.getOrDefault(key, 0) > 0) {
          failures.merge(key, -1, Integer::sum);
        } else {
          unmatched++;
        }
      } else if (error.message().contains(ORPHAN_MESSAGE)) {
        orphanEntries++;
      } else {
        otherEntries++;
      }
    }

    Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
    long iterations = 0;
    for (FinalTask task : rows.tasks().values()) {
      byStatus.merge(task.status(), 1L, Long::sum);
      iterations += task.iterations();
    }
    List<String> mismatches = new ArrayList<>();
    for (TaskStatus status : TaskStatus.values()) {
      compare(mismatches, status.name().toLowerCase(), counters.count(status), byStatus.getOrDefault(status, 0L));
    }
    compare(mismatches, "pushed (against rows)", counters.pushed(), rows.tasks().size());
    compare(mismatches, "processed (against iterations)", counters.processed(), iterations);
    compare(mismatches, "errors (against error log entries)", counters.errors(), rows.errors().size());
    compare(mismatches, "rejected (against failure entries)", counters.rejected(), failureEntries);
    compare(mismatches, "orphaned (against orphan entries)", counters.orphaned(), orphanEntries);
    compare(mismatches, "error entries neither failure nor orphan", 0, otherEntries);
    return new CheckReport(tasks, rows.tasks().size(), byStatus.getOrDefault(TaskStatus.COMPLETED, 0L),
        byStatus.getOrDefault(TaskStatus.KILLED, 0L), lost, lostCount, history.runs(), history.cutLines(), overlaps,
        overlapCount, stale, staleCount, mismatches, failuresRecorded, failureEntries, orphanEntries, unmatched,
        interrupted, late);
  }

  /**
   * Whether what a pick saw (the payload's writer and the iterations) follows from the run before
   * it: that run's outcome either was not applied, or was applied and was the last.
   */
  private static boolean follows(RunRecord previous, long seen, int iterations) {
    if (previous == null) {
      return seen == 0 && iterations == 0;
    }
    boolean notApplied = seen == previous.seen() && iterations == previous.iterations();
    long writer = previous.outcome().writesPayload() ? previous.lease() : previous.seen();
    boolean applied = seen == writer && iterations == previous.iterations() + 1;
    return notApplied || applied;
  }

  /**
   * 1 when the run before an observation ended past its lock and its outcome was applied all the
   * same: no other pick came first, so its lease was still the current one (DESIGN: an outcome is
   * refused once the task was picked again, or recovered as an orphan). Counted, not a violation.
   */
  private static int appliedLate(RunRecord previous, int iterations) {
    return previous != null && iterations == previous.iterations() + 1 && previous.end() > previous.lockExpiry() ? 1 : 0;
  }

  private static String describe(RunRecord run) {
    return run == null ? "no run" : "lease " + run.lease() + " (saw " + run.seen() + "/" + run.iterations() + ", "
        + run.outcome() + ")";
  }

  private static void compare(List<String> mismatches, String name, long counter, long rows) {
    if (counter != rows) {
      mismatches.add(name + ": counter " + counter + ", rows " + rows);
    }
  }

  private static void show(List<String> shown, String line) {
    if (shown.size() < SHOWN) {
      shown.add(line);
    }
  }
}
