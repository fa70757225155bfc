package io.fetchq.chaos;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.chaos.RunRecord.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The chaos handler: works a random short time, fails at a given rate (half by rejecting, half by
 * throwing), reschedules each task zero to three times (its subject decides), then completes it.
 * Every outcome but a throw carries a payload naming its run's lease. Records each run in the
 * JVM's history before it returns, also a run interrupted while it works (the runtime interrupts
 * a handler past its lock), which then throws.
 */
final class ChaosHandler implements Handler {
  /** What every error log entry of a chaos run's failures starts with. */
  static final String FAILURE_PREFIX = "chaos: ";
  static final String FAILURE_MESSAGE = FAILURE_PREFIX + "planned failure";
  static final String INTERRUPTED_MESSAGE = FAILURE_PREFIX + "interrupted while working";

  private final HistoryFile history;
  private final double failureRate;
  private final int maxWorkMillis;
  private final Random random;

  ChaosHandler(HistoryFile history, double failureRate, int maxWorkMillis, long seed) {
    this.history = history;
    this.failureRate = failureRate;
    this.maxWorkMillis = maxWorkMillis;
    this.random = new Random(seed);
  }

  /** How many times the task {@code subject} reschedules itself before it completes. */
  static int reschedulesOf(String subject) {
    return Math.floorMod(subject.hashCode(), 4);
  }

  @Override
  public Action handle(Task task, TaskContext context) throws Exception {
    long start = RunRecord.micros(Instant.now());
    ChaosPayload seen = ChaosPayload.parse(task.payload());
    int work;
    double roll;
    boolean throwing;
    synchronized (random) {
      work = maxWorkMillis == 0 ? 0 : random.nextInt(maxWorkMillis + 1);
      roll = random.nextDouble();
      throwing = random.nextBoolean();
    }
    if (work > 0) {
      try {
        Thread.sleep(work);
      } catch (InterruptedException e) {
        history.append(new RunRecord(task.subject(), task.lease(), task.attempts(), task.iterations(),
            seen.writtenBy(), RunRecord.micros(task.nextIteration()), start, RunRecord.micros(Instant.now()),
            Outcome.INTERRUPTED));
        Thread.currentThread().interrupt();
        throw new IllegalStateException(INTERRUPTED_MESSAGE, e);
      }
    }
    Outcome outcome;
    Action action;
    if (roll < failureRate) {
      outcome = throwing ? Outcome.THROW : Outcome.REJECT;
      action = Action.reject(FAILURE_MESSAGE).withPayload(new ChaosPayload(seen.reschedules(), task.lease()).json());
    } else if (seen.reschedules() < reschedulesOf(task.subject())) {
      outcome = Outcome.RESCHEDULE;
      action = Action.reschedule(Duration.ofMillis(10 + work * 5L))
          .withPayload(new ChaosPayload(seen.reschedules() + 1, task.lease()).json());
    } else {
      outcome = Outcome.COMPLETE;
      action = Action.complete().withPayload(new ChaosPayload(seen.reschedules(), task.lease()).json());
    }
    history.append(new RunRecord(task.subject(), task.lease(), task.attempts(), task.iterations(), seen.writtenBy(),
        RunRecord.micros(task.nextIteration()), start, RunRecord.micros(Instant.now()), outcome));
    if (outcome == Outcome.THROW) {
      throw new IllegalStateException(FAILURE_MESSAGE);
    }
    return action;
  }
}
