package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedSubjectsTest {

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    final AtomicLong millis;

    HandClock(long millis) {
      this.millis = new AtomicLong(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void startsWithThirteenHexDigitsOfTheTimeThenTheCounterThenRandom() {
    long now = Instant.parse("2025-11-25T09:00:00.123Z").toEpochMilli();
    TimeOrderedSubjects subjects = new TimeOrderedSubjects(new HandClock(now), () -> 0xabcdefL);

    String first = subjects.next();
    String second = subjects.next();

    assertThat(first).hasSize(TimeOrderedSubjects.LENGTH).isEqualTo(String.format("%013x", now) + "0000" + "0000000000abcdef");
    assertThat(second).isEqualTo(String.format("%013x", now) + "0001" + "0000000000abcdef");
    assertThat(TimeOrderedSubjects.millisOf(first)).isEqualTo(now);
  }

  @Test
  void theCounterStartsAgainEachMillisecond() {
    HandClock clock = new HandClock(1000);
    TimeOrderedSubjects subjects = new TimeOrderedSubjects(clock, () -> 0);
    subjects.next();
    subjects.next();
    clock.millis.set(1001);

    assertThat(subjects.next()).isEqualTo(String.format("%013x%04x%016x", 1001, 0, 0));
  }

  @Test
  void theOrderHoldsWhenTheClockGoesBack() {
    HandClock clock = new HandClock(50_000);
    TimeOrderedSubjects subjects = new TimeOrderedSubjects(clock, new AtomicLong(Long.MAX_VALUE)::getAndDecrement);
    List<String> made = new ArrayList<>();
    made.add(subjects.next());
    clock.millis.set(10_000);
    made.add(subjects.next());
    made.add(subjects.next());
    clock.millis.set(50_001);
    made.add(subjects.next());

    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(TimeOrderedSubjects.millisOf(made.get(2))).isEqualTo(50_000);
  }

  @Test
  void aFullMillisecondBorrowsTheNext() {
    TimeOrderedSubjects subjects = new TimeOrderedSubjects(new HandClock(7), () -> -1L);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 0x10000 + 2; i++) {
      made.add(subjects.next());
    }

    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(made.get(0xffff)).isEqualTo(String.format("%013x%04x%s", 7, 0xffff, "ffffffffffffffff"));
    assertThat(made.get(0x10000)).isEqualTo(String.format("%013x%04x%s", 8, 0, "ffffffffffffffff"));
  }

  @Test
  void aTimeBeyondTheYear10000StillSortsByTime() {
    long late = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();

    String early = new TimeOrderedSubjects(new HandClock(0), () -> -1L).next();
    String last = new TimeOrderedSubjects(new HandClock(late), () -> 0L).next();

    assertThat(early).isLessThan(last);
    assertThat(last).hasSize(TimeOrderedSubjects.LENGTH);
  }

  @Test
  void subjectsMadeByManyThreadsAreUniqueAndEachThreadSeesThemRise() throws InterruptedException {
    TimeOrderedSubjects subjects = TimeOrderedSubjects.OF_THIS_JVM;
    ConcurrentLinkedQueue<String> all = new ConcurrentLinkedQueue<>();
    List<List<String>> perThread = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                List<String> mine = new ArrayList<>();
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < 5000; i++) {
                  mine.add(subjects.next());
                }
                all.addAll(mine);
                perThread.add(mine);
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(all).hasSize(40_000).doesNotHaveDuplicates();
    assertThat(perThread).hasSize(8).allSatisfy(mine -> assertThat(mine).isSorted());
    assertThat(all).allSatisfy(s -> assertThat(s).matches("[0-9a-f]{33}"));
  }
}
