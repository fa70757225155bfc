package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.InvalidArgumentException;
import io.fetchq.spi.Notifications;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Wake-ups between processes, branching on {@code Capabilities.notifications()}: a backend that
 * declares them offers {@code Storage.notifications()}, wakes a listener for the queues it listens
 * to and no others, wakes several queues with one send, stops after the subscription is closed,
 * and refuses bad queue names; a backend that does not declare them offers none.
 */
abstract class NotificationConformance extends StorageConformance {

  private static final long WAIT_MS = 5_000;

  /** Records what a subscription hears. */
  private static final class Recorder implements Notifications.Listener {
    final BlockingQueue<String> woken = new LinkedBlockingQueue<>();
    final CountDownLatch connected = new CountDownLatch(1);

    @Override
    public void wake(String queue) {
      woken.add(queue);
    }

    @Override
    public void connected() {
      connected.countDown();
    }

    void awaitConnected() throws InterruptedException {
      assertThat(connected.await(WAIT_MS, TimeUnit.MILLISECONDS)).as("the subscription connected").isTrue();
    }

    String next(long millis) throws InterruptedException {
      return woken.poll(millis, TimeUnit.MILLISECONDS);
    }
  }

  private boolean declared() {
    return storage.capabilities().notifications();
  }

  @Test
  void notificationsAreOfferedExactlyWhenDeclared() {
    assertThat(storage.notifications()).as("notifications() when capabilities().notifications() is %s", declared())
        .matches(o -> o.isPresent() == declared());
  }

  @Test
  void aListenerIsWokenForItsQueuesOnly() throws InterruptedException {
    if (!declared()) {
      return; // the capability is declared absent; notificationsAreOfferedExactlyWhenDeclared covers it
    }
    Notifications notifications = storage.notifications().orElseThrow();
    String mine = newQueue();
    String other = newQueue();
    Recorder recorder = new Recorder();

    try (Notifications.Subscription ignored = notifications.listen(Set.of(mine), recorder)) {
      recorder.awaitConnected();
      notifications.send(Set.of(other));
      notifications.send(Set.of(mine));

      assertThat(recorder.next(WAIT_MS)).isEqualTo(mine);
      assertThat(recorder.next(300)).as("a wake-up of a queue not listened to").isNull();
    }
  }

  @Test
  void oneSendWakesEveryQueueNamed() throws InterruptedException {
    if (!declared()) {
      return;
    }
    Notifications notifications = storage.notifications().orElseThrow();
    String a = newQueue();
    String b = newQueue();
    Recorder recorder = new Recorder();

    try (Notifications.Subscription ignored = notifications.listen(Set.of(a, b), recorder)) {
      recorder.awaitConnected();
      notifications.send(Set.of(a, b));

      assertThat(Set.of(recorder.next(WAIT_MS), recorder.next(WAIT_MS))).containsExactlyInAnyOrder(a, b);
    }
  }

  @Test
  void aClosedSubscriptionHearsNothing() throws InterruptedException {
    if (!declared()) {
      return;
    }
    Notifications notifications = storage.notifications().orElseThrow();
    String queue = newQueue();
    Recorder recorder = new Recorder();
    Notifications.Subscription subscription = notifications.listen(Set.of(queue), recorder);
    recorder.awaitConnected();

    subscription.close();
    notifications.send(Set.of(queue));

    assertThat(recorder.next(Duration.ofMillis(500).toMillis())).isNull();
  }

  @Test
  void badQueueNamesAreRefused() {
    if (!declared()) {
      return;
    }
    Notifications notifications = storage.notifications().orElseThrow();
    assertThatThrownBy(() -> notifications.send(Set.of("Bad Name"))).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> notifications.listen(Set.of("a;listen x"), new Recorder()))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
