package io.fetchq.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.QueueStats;
import io.fetchq.TaskStatus;
import io.fetchq.chaos.RunRecord.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker on made-up histories: it passes a clean run and finds each kind of violation. */
class HistoryCheckerTest {
  private static final long LOCK = 2_000_000;

  private static RunRecord run(long lease, long seen, int iterations, long start, long end, Outcome outcome) {
    return new RunRecord(TaskPusher.subjectOf(0), lease, 1, iterations, seen, start + LOCK, start, end, outcome);
  }

  private static QueueStats counters(long completed, long processed) {
    return new QueueStats(ChaosQueue.NAME, 0, 0, 0, completed, 0, 1, 2, processed, 1, 0, 0, 0);
  }

  private static CheckReport check(List<RunRecord> runs, FinalTask last, QueueStats counters) {
    History history = new History(Map.of(last.subject(), runs), runs.size(), 0);
    QueueRows rows = new QueueRows(Map.of(last.subject(), last), List.of());
    return HistoryChecker.check(1, TaskPusher::subjectOf, history, rows, counters);
  }

  private static FinalTask completed(long writtenBy, int iterations) {
    return new FinalTask(TaskPusher.subjectOf(0), TaskStatus.COMPLETED, iterations, new ChaosPayload(1, writtenBy));
  }

  @Test
  void passesRunsThatFollowOneAnother() {
    CheckReport report = check(
        List.of(run(10, 0, 0, 0, 10, Outcome.RESCHEDULE), run(20, 10, 1, 50, 60, Outcome.COMPLETE)),
        completed(20, 2), counters(1, 2));

    assertThat(report.passed()).isTrue();
  }

  @Test
  void findsARunThatStartedWhileAnEarlierLeaseWasCurrent() {
    CheckReport report = check(
        List.of(run(10, 0, 0, 0, 10, Outcome.RESCHEDULE), run(20, 10, 1, 5, 60, Outcome.COMPLETE)),
        completed(20, 2), counters(1, 2));

    assertThat(report.overlapCount()).isEqualTo(1);
    assertThat(report.passed()).isFalse();
  }

  @Test
  void acceptsARunThatStartedAfterAStalledRunsLockExpired() {
    CheckReport report = check(
        List.of(run(10, 0, 0, 0, 5 * LOCK, Outcome.COMPLETE), run(20, 0, 0, LOCK + 1, LOCK + 10, Outcome.COMPLETE)),
        completed(20, 1), counters(1, 1));

    assertThat(report.passed()).isTrue();
  }

  @Test
  void countsAnInterruptedRunsOutcomeAppliedBeforeAnyOtherPickWithoutFailing() {
    CheckReport report = check(
        List.of(run(10, 0, 0, 0, LOCK + 5, Outcome.INTERRUPTED), run(20, 0, 1, LOCK + 100, LOCK + 110, Outcome.COMPLETE)),
        completed(20, 2), counters(1, 2));

    assertThat(report.lateOutcomes()).isEqualTo(1);
    assertThat(report.interruptedRuns()).isEqualTo(1);
    assertThat(report.passed()).isTrue();
  }

  @Test
  void findsAStalledRunsOutcomeAppliedAfterTheNextPick() {
    CheckReport report = check(
        List.of(run(10, 0, 0, 0, 5 * LOCK, Outcome.COMPLETE), run(20, 0, 0, LOCK + 1, LOCK + 10, Outcome.COMPLETE)),
        completed(10, 1), counters(1, 1));

    assertThat(report.staleAppliedCount()).isEqualTo(1);
    assertThat(report.passed()).isFalse();
  }

  @Test
  void findsTwoOutcomesAppliedForOnePick() {
    CheckReport report = check(List.of(run(10, 0, 0, 0, 10, Outcome.COMPLETE)), completed(10, 2), counters(1, 2));

    assertThat(report.staleAppliedCount()).isEqualTo(1);
  }

  @Test
  void findsALostTaskAndCountersThatDifferFromRows() {
    FinalTask pending = new FinalTask(TaskPusher.subjectOf(0), TaskStatus.PENDING, 0, ChaosPayload.FIRST);

    CheckReport report = check(List.of(), pending, counters(1, 0));

    assertThat(report.lostCount()).isEqualTo(1);
    assertThat(report.counterMismatches()).anyMatch(m -> m.startsWith("pending")).anyMatch(m -> m.startsWith("completed"));
  }

  @Test
  void readsHistoriesLeavingOutALineCutByAKill(@TempDir Path dir) throws Exception {
    RunRecord first = run(10, 0, 0, 0, 10, Outcome.RESCHEDULE);
    String cut = run(20, 10, 1, 50, 60, Outcome.COMPLETE).line().substring(0, 12);
    Files.writeString(dir.resolve("history-w0_1.tsv"), first.line() + "\n" + cut);

    History history = History.read(dir);

    assertThat(history.runs()).isEqualTo(1);
    assertThat(history.cutLines()).isEqualTo(1);
    assertThat(history.runsBySubject().get(first.subject())).containsExactly(first);
  }
}
