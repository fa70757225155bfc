package io.fetchq.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, all drawn from one seed: rounds in which each kind strikes once, in an order
 * shuffled per round, a given mean interval apart (give or take half), each on a random worker. The
 * same seed, worker count and interval give the same schedule.
 */
final class FaultSchedule {
  private final Random random;
  private final int workers;
  private final long firstMillis;
  private final long intervalMillis;
  private final List<FaultKind> round = new ArrayList<>();
  private long atMillis;
  private int number;

  FaultSchedule(long seed, int workers, long firstMillis, long intervalMillis) {
    this.random = new Random(seed);
    this.workers = workers;
    this.firstMillis = firstMillis;
    this.intervalMillis = intervalMillis;
  }

  Fault next() {
    if (round.isEmpty()) {
      round.addAll(Arrays.asList(FaultKind.values()));
      Collections.shuffle(round, random);
    }
    FaultKind kind = round.remove(0);
    atMillis = number == 0 ? firstMillis : atMillis + intervalMillis / 2 + (long) (random.nextDouble() * intervalMillis);
    return new Fault(++number, kind, atMillis, random.nextInt(workers));
  }

  /** The first {@code count} faults of the schedule {@code seed} makes. */
  static List<Fault> preview(long seed, int workers, long firstMillis, long intervalMillis, int count) {
    FaultSchedule schedule = new FaultSchedule(seed, workers, firstMillis, intervalMillis);
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      faults.add(schedule.next());
    }
    return faults;
  }
}
