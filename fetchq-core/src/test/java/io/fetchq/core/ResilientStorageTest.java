package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.TaskFilter;
import io.fetchq.core.ResilientStorage.State;
import io.fetchq.core.ResilientStorage.StateChange;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.Notifications;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.PushResult;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.TaskQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Retries, backoff and the circuit breaker of {@link ResilientStorage}, against a scripted fake. */
class ResilientStorageTest {
  private static final PushRequest PUSH = PushRequest.of("heroes", NewTask.of("iron_man"));
  private static final PickRequest PICK = PickRequest.of("heroes", 10, Duration.ofMinutes(1));

  private final FlakyStorage flaky = new FlakyStorage();
  private final List<StateChange> changes = Collections.synchronizedList(new ArrayList<>());

  /** Retries 1 ms apart, no jitter, a breaker that never opens unless a test says so. */
  private static ResilienceSettings quick() {
    return ResilienceSettings.defaults()
        .retryBetween(Duration.ofMillis(1), Duration.ofMillis(2))
        .jitter(0)
        .window(100, 100);
  }

  /** A breaker that opens after {@code failures} transient failures in a row. */
  private static ResilienceSettings opensAfter(int failures, Duration openWait) {
    return quick().window(failures, failures).failureRatePercent(100).openWait(openWait);
  }

  private ResilientStorage resilient(ResilienceSettings settings) {
    ResilientStorage storage = new ResilientStorage(flaky, settings);
    storage.addStateListener(changes::add);
    return storage;
  }

  private List<String> transitions() {
    synchronized (changes) {
      return changes.stream().map(c -> c.from() + "->" + c.to()).toList();
    }
  }

  @Test
  void retriesTransientFailuresUntilTheCallSucceeds() {
    ResilientStorage storage = resilient(quick());
    flaky.failNext(3, FlakyStorage::transientFailure);

    PushResult result = storage.push(PUSH);

    assertThat(result.added()).containsExactly("iron_man");
    assertThat(flaky.calls()).isEqualTo(4);
    assertThat(storage.retriedCalls()).isEqualTo(1);
    assertThat(storage.state()).isEqualTo(State.CLOSED);
    assertThat(changes).isEmpty();
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastFailure() {
    ResilientStorage storage = resilient(quick().maxAttempts(3));
    flaky.failAlways(FlakyStorage::transientFailure);

    Throwable thrown = catchThrowable(() -> storage.pick(PICK));

    assertThat(flaky.calls()).isEqualTo(3);
    assertThat(thrown).isNotInstanceOf(DatabaseUnavailableException.class).isSameAs(flaky.thrown().get(2));
    assertThat(storage.available()).isTrue();
  }

  @Test
  void maxAttemptsOfOneNeverRetries() {
    ResilientStorage storage = resilient(quick().maxAttempts(1));
    flaky.failNext(1, FlakyStorage::transientFailure);

    assertThatThrownBy(() -> storage.push(PUSH)).isSameAs(flaky.thrown().get(0));
    assertThat(flaky.calls()).isEqualTo(1);
    assertThat(storage.push(PUSH).added()).containsExactly("iron_man");
  }

  @Test
  void waitsLongerBeforeEachRetry() {
    ResilientStorage storage =
        resilient(quick().retryBetween(Duration.ofMillis(20), Duration.ofMillis(50)).maxAttempts(4));
    flaky.failNext(3, FlakyStorage::transientFailure);

    storage.push(PUSH);

    List<Long> at = flaky.arrivals();
    assertThat(at).hasSize(4);
    // 20 ms, then 40 ms, then 80 ms capped at 50 ms (the exact values are checked on ResilienceSettings)
    assertThat(millisBetween(at.get(0), at.get(1))).isGreaterThanOrEqualTo(19);
    assertThat(millisBetween(at.get(1), at.get(2))).isGreaterThanOrEqualTo(39);
    assertThat(millisBetween(at.get(2), at.get(3))).isGreaterThanOrEqualTo(49);
  }

  @Test
  void nonTransientFailuresPassThroughAtOnceAndNeverOpenTheBreaker() {
    ResilientStorage storage = resilient(opensAfter(2, Duration.ofMinutes(1)));
    List<Supplier<RuntimeException>> failures =
        List.of(
            FlakyStorage::permanentFailure,
            () -> new QueueNotFoundException("heroes"),
            () -> new InvalidArgumentException("queue", "bad"),
            () -> new IllegalStateException("a bug"));

    for (int round = 0; round < 5; round++) {
      for (Supplier<RuntimeException> failure : failures) {
        int before = flaky.calls();
        flaky.failNext(1, failure);
        Throwable thrown = catchThrowable(() -> storage.push(PUSH));
        assertThat(thrown).isSameAs(flaky.thrown().get(flaky.thrown().size() - 1));
        assertThat(flaky.calls()).isEqualTo(before + 1);
      }
    }

    assertThat(storage.state()).isEqualTo(State.CLOSED);
    assertThat(storage.retriedCalls()).isZero();
    assertThat(changes).isEmpty();
  }

  @Test
  void opensAfterRepeatedTransientFailuresAndThenFailsFast() {
    ResilientStorage storage = resilient(opensAfter(3, Duration.ofMinutes(1)).maxAttempts(5));
    flaky.failAlways(FlakyStorage::transientFailure);
    Instant before = Instant.now();

    Throwable first = catchThrowable(() -> storage.push(PUSH));

    // the third failure opens the breaker, which also ends the retries of this call
    assertThat(flaky.calls()).isEqualTo(3);
    assertThat(first).isInstanceOf(DatabaseUnavailableException.class).hasCause(flaky.thrown().get(2));
    assertThat(storage.state()).isEqualTo(State.OPEN);
    assertThat(storage.available()).isFalse();
    Instant since = storage.unavailableSince().orElseThrow();
    assertThat(since).isBetween(before, Instant.now());

    for (int i = 0; i < 10; i++) {
      Throwable fast = catchThrowable(() -> storage.pick(PICK));
      assertThat(fast).isInstanceOf(DatabaseUnavailableException.class);
      DatabaseUnavailableException unavailable = (DatabaseUnavailableException) fast;
      assertThat(unavailable.isTransient()).isTrue();
      assertThat(unavailable.since()).isEqualTo(since);
      assertThat(unavailable.retryAfter()).isAfter(since.plusSeconds(59));
      assertThat(unavailable.getMessage()).contains("unavailable since " + since).contains("connection reset");
    }
    assertThat(flaky.calls()).isEqualTo(3);
    assertThat(transitions()).containsExactly("CLOSED->OPEN");
    assertThat(changes.get(0).cause()).isSameAs(flaky.thrown().get(2));
  }

  @Test
  void probesAfterTheWaitAndClosesWhenTheDatabaseIsBack() throws InterruptedException {
    ResilientStorage storage = resilient(opensAfter(2, Duration.ofMillis(50)));
    flaky.failAlways(FlakyStorage::transientFailure);
    assertThatThrownBy(() -> storage.push(PUSH)).isInstanceOf(DatabaseUnavailableException.class);
    flaky.heal();
    long start = System.nanoTime();

    assertThat(storage.awaitAvailable(Duration.ofSeconds(5))).isTrue();

    assertThat(millisBetween(start, System.nanoTime())).isGreaterThanOrEqualTo(30);
    assertThat(storage.available()).isTrue();
    int calls = flaky.calls();
    assertThat(storage.push(PUSH).added()).containsExactly("iron_man");
    assertThat(flaky.calls()).isEqualTo(calls + 1);
    assertThat(storage.state()).isEqualTo(State.CLOSED);
    assertThat(storage.unavailableSince()).isEmpty();
    assertThat(transitions()).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    assertThat(changes.get(1).cause()).isNull();
    assertThat(changes.get(2).cause()).isNull();
  }

  @Test
  void healthSaysWhetherCallsReachTheDatabaseAndSinceWhenNot() throws InterruptedException {
    ResilientStorage storage = resilient(opensAfter(2, Duration.ofMillis(50)));
    assertThat(storage.health()).isEqualTo(new DatabaseHealth(DatabaseHealth.State.AVAILABLE, null, null));

    flaky.failAlways(FlakyStorage::transientFailure);
    catchThrowable(() -> storage.push(PUSH));
    DatabaseHealth down = storage.health();
    assertThat(down.state()).isEqualTo(DatabaseHealth.State.UNAVAILABLE);
    assertThat(down.available()).isFalse();
    assertThat(down.unavailableSince()).isEqualTo(storage.unavailableSince().orElseThrow());
    assertThat(down.since()).isEqualTo(down.unavailableSince());

    flaky.heal();
    assertThat(storage.awaitAvailable(Duration.ofSeconds(5))).isTrue();
    storage.push(PUSH);
    DatabaseHealth back = storage.health();
    assertThat(back.state()).isEqualTo(DatabaseHealth.State.AVAILABLE);
    assertThat(back.unavailableSince()).isNull();
    assertThat(back.since()).isAfter(down.since());
  }

  @Test
  void aFailedProbeOpensTheBreakerAgainWithoutRetrying() throws InterruptedException {
    ResilientStorage storage = resilient(opensAfter(2, Duration.ofMillis(30)));
    flaky.failAlways(FlakyStorage::transientFailure);
    catchThrowable(() -> storage.push(PUSH));
    Instant since = storage.unavailableSince().orElseThrow();
    assertThat(storage.awaitAvailable(Duration.ofSeconds(5))).isTrue();
    int calls = flaky.calls();

    Throwable probe = catchThrowable(() -> storage.push(PUSH));

    assertThat(flaky.calls()).isEqualTo(calls + 1);
    assertThat(probe).isInstanceOf(DatabaseUnavailableException.class);
    assertThat(((DatabaseUnavailableException) probe).since()).isEqualTo(since);
    assertThat(storage.state()).isEqualTo(State.OPEN);
    assertThat(storage.unavailableSince()).contains(since);
    assertThat(transitions()).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");

    flaky.heal();
    assertThat(storage.awaitAvailable(Duration.ofSeconds(5))).isTrue();
    storage.push(PUSH);
    assertThat(transitions())
        .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  @Test
  void whileTheProbeIsOutOtherCallsFailFastAndWaitersWaitForItsVerdict() throws Exception {
    ResilientStorage storage = resilient(opensAfter(1, Duration.ofMillis(20)));
    flaky.failNext(1, FlakyStorage::transientFailure);
    catchThrowable(() -> storage.push(PUSH));
    assertThat(storage.awaitAvailable(Duration.ofSeconds(5))).isTrue();
    CountDownLatch gate = flaky.holdNextCall();
    CompletableFuture<PushResult> probe = CompletableFuture.supplyAsync(() -> storage.push(PUSH));
    assertThat(flaky.awaitEntered(5_000)).isTrue();
    assertThat(storage.state()).isEqualTo(State.HALF_OPEN);

    int calls = flaky.calls();
    assertThatThrownBy(() -> storage.pick(PICK)).isInstanceOf(DatabaseUnavailableException.class);
    assertThat(flaky.calls()).isEqualTo(calls);
    assertThat(storage.available()).isFalse();
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return storage.awaitAvailable(Duration.ofSeconds(5));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await("the waiter waits for the probe's verdict")
        .during(Duration.ofMillis(50))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !waiter.isDone());
    assertThat(waiter).isNotDone();

    gate.countDown();

    assertThat(probe.get(5, TimeUnit.SECONDS).added()).containsExactly("iron_man");
    assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(storage.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void awaitAvailableGivesUpAfterItsMaximum() throws InterruptedException {
    ResilientStorage storage = resilient(opensAfter(1, Duration.ofMinutes(1)));
    assertThat(storage.awaitAvailable(Duration.ZERO)).isTrue();
    flaky.failNext(1, FlakyStorage::transientFailure);
    catchThrowable(() -> storage.push(PUSH));
    long start = System.nanoTime();

    assertThat(storage.awaitAvailable(Duration.ofMillis(60))).isFalse();

    assertThat(millisBetween(start, System.nanoTime())).isBetween(59L, 5_000L);
    assertThat(storage.awaitAvailable(Duration.ofMillis(-1))).isFalse();
  }

  @Test
  void awaitAvailableAnswersAnInterrupt() {
    ResilientStorage storage = resilient(opensAfter(1, Duration.ofMinutes(1)));
    flaky.failNext(1, FlakyStorage::transientFailure);
    catchThrowable(() -> storage.push(PUSH));

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> storage.awaitAvailable(Duration.ofSeconds(5))).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void anInterruptDuringTheBackoffEndsTheRetriesAndKeepsTheFlag() {
    ResilientStorage storage = resilient(quick().retryBetween(Duration.ofSeconds(10), Duration.ofSeconds(10)));
    flaky.failAlways(FlakyStorage::transientFailure);

    Thread.currentThread().interrupt();
    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> storage.push(PUSH));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(millisBetween(start, System.nanoTime())).isLessThan(5_000);
    assertThat(thrown).isSameAs(flaky.thrown().get(0));
    assertThat(flaky.calls()).isEqualTo(1);
  }

  @Test
  void stateListenersHearEachChangeOnceAndTheirFailuresAreContained() throws InterruptedException {
    // open long enough that the 20 refused calls below all fall in it, also on a loaded machine
    // (with 20 ms, a slow loop let a probe through while the database still failed)
    ResilientStorage storage = resilient(opensAfter(2, Duration.ofMillis(500)));
    List<State> second = Collections.synchronizedList(new ArrayList<>());
    storage.addStateListener(c -> {
      throw new IllegalStateException("listener bug");
    });
    storage.addStateListener(c -> second.add(c.to()));
    List<StateChange> removed = Collections.synchronizedList(new ArrayList<>());
    Consumer<StateChange> unwanted = removed::add;
    storage.addStateListener(unwanted);
    assertThat(storage.removeStateListener(unwanted)).isTrue();
    assertThat(storage.removeStateListener(unwanted)).isFalse();
    flaky.failAlways(FlakyStorage::transientFailure);

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> storage.push(PUSH)).isInstanceOf(DatabaseUnavailableException.class);
    }
    flaky.heal();
    storage.awaitAvailable(Duration.ofSeconds(5));
    for (int i = 0; i < 20; i++) {
      storage.push(PUSH);
    }

    assertThat(transitions()).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    assertThat(second).containsExactly(State.OPEN, State.HALF_OPEN, State.CLOSED);
    assertThat(removed).isEmpty();
  }

  @Test
  void sendIsProtectedAndListenPassesThrough() {
    ResilientStorage storage = resilient(quick());
    Notifications notifications = storage.notifications().orElseThrow();
    flaky.failNext(2, FlakyStorage::transientFailure);

    notifications.send(Set.of("heroes"));

    assertThat(flaky.sent).containsExactly(Set.of("heroes"));
    assertThat(flaky.calls()).isEqualTo(3);
    assertThat(notifications.listen(Set.of("heroes"), queue -> {})).isSameAs(flaky.subscription);
    flaky.failNext(1, FlakyStorage::permanentFailure);
    assertThatThrownBy(() -> notifications.send(Set.of("heroes"))).isSameAs(flaky.thrown().get(2));
  }

  @Test
  void passesCapabilitiesThroughAndClosesTheDelegate() {
    ResilientStorage storage = new ResilientStorage(flaky);
    assertThat(storage.settings()).isEqualTo(ResilienceSettings.defaults());
    assertThat(storage.capabilities().notifications()).isTrue();
    assertThat(flaky.calls()).isZero();

    storage.close();

    assertThat(flaky.closed).isTrue();
  }

  @Test
  void everyOperationIsRetried() {
    ResilientStorage storage = resilient(quick());
    List<Runnable> operations =
        List.of(
            () -> storage.createQueue("heroes", QueueOptions.defaults()),
            () -> storage.updateQueue("heroes", QueueOptions.defaults()),
            storage::queues,
            () -> storage.dropQueue("heroes"),
            () -> storage.truncateQueue("heroes"),
            () -> storage.push(PUSH),
            () -> storage.upsert(PUSH),
            () -> storage.get(SubjectsRequest.of("heroes", "iron_man")),
            () -> storage.list(new TaskQuery("heroes", TaskFilter.all())),
            () -> storage.retry(SubjectsRequest.of("heroes", "iron_man")),
            () -> storage.retryKilled("heroes", 10),
            () -> storage.runNow(SubjectsRequest.of("heroes", "iron_man")),
            () -> storage.cancel(new CancelRequest("heroes", List.of("iron_man"), "test", false)),
            () -> storage.pause("heroes", true),
            () -> storage.pick(PICK),
            () -> storage.settle(
                SettleRequest.of(
                    "heroes", Outcome.complete(new Lease("iron_man", 1)))),
            () -> storage.extend(
                new ExtendRequest(
                    "heroes", List.of(new Lease("iron_man", 1)), Duration.ofMinutes(1))),
            () -> storage.maintain(MaintenanceRequest.all("heroes", 100)),
            () -> storage.stats("heroes"),
            () -> storage.errors(ErrorQuery.of("heroes", 10)));

    for (Runnable operation : operations) {
      int before = flaky.calls();
      flaky.failNext(1, FlakyStorage::transientFailure);
      operation.run();
      assertThat(flaky.calls()).isEqualTo(before + 2);
    }
    assertThat(storage.retriedCalls()).isEqualTo(operations.size());
  }

  private static long millisBetween(long startNanos, long endNanos) {
    return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
  }
}
