package io.fetchq.core;

import io.fetchq.spi.Notifications;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes idle workers when due tasks arrive. Workers in this JVM are woken at once; other JVMs get
 * one notification per queue per coalescing window however many pushes happened in it, so a burst
 * of pushes costs a bounded number of notifications. Without backend notifications (or while the
 * listener connection is down) workers keep polling.
 */
final class WakeUps implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WakeUps.class);
  /** How long {@link #close()} waits for a batch the sender is sending already. */
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(1);

  private final Optional<Notifications> notifications;
  private final long windowNanos;
  private final Predicate<String> notifies;
  private final Set<String> dirty = new HashSet<>();
  private final Thread sender;
  private volatile Map<String, Worker> workers = Map.of();
  private volatile Notifications.Subscription subscription;
  private volatile boolean closed;

  /**
   * @param notifies whether a queue's options ask for notifications
   */
  WakeUps(Optional<Notifications> notifications, Duration window, Predicate<String> notifies) {
    this.notifications = notifications;
    this.windowNanos = window.toNanos();
    this.notifies = notifies;
    this.sender = new Thread(this::sendLoop, "fetchq-notifier");
    this.sender.setDaemon(true);
    if (notifications.isPresent()) {
      sender.start();
    }
  }

  /** Whether wake-ups of {@code queue} go to other processes: the backend has them and its options ask for them. */
  boolean notifies(String queue) {
    return notifications.isPresent() && notifies.test(queue);
  }

  /** Tasks were added to {@code queue}. */
  void pushed(String queue) {
    Worker local = workers.get(queue);
    if (local != null) {
      local.wake();
    }
    if (!notifies(queue)) {
      return;
    }
    synchronized (dirty) {
      if (dirty.add(queue) && dirty.size() == 1) {
        dirty.notifyAll();
      }
    }
  }

  /** Starts listening for the queues of these workers. */
  void listen(Map<String, Worker> byQueue) {
    this.workers = Map.copyOf(byQueue);
    if (notifications.isEmpty() || byQueue.isEmpty()) {
      return;
    }
    subscription =
        notifications
            .get()
            .listen(
                byQueue.keySet(),
                new Notifications.Listener() {
                  private volatile boolean lost;

                  @Override
                  public void wake(String queue) {
                    Worker worker = workers.get(queue);
                    if (worker != null) {
                      worker.wake();
                    }
                  }

                  @Override
                  public void connected() {
                    if (lost) {
                      log.info("wake-up listener reconnected");
                      lost = false;
                    }
                    workers.values().forEach(Worker::wake);
                  }

                  @Override
                  public void disconnected(Throwable cause) {
                    if (!lost) {
                      log.warn("wake-up listener lost its connection; workers poll until it is back: {}", cause.toString());
                      lost = true;
                    }
                  }
                });
  }

  private void sendLoop() {
    while (!closed) {
      Set<String> batch;
      try {
        synchronized (dirty) {
          while (dirty.isEmpty() && !closed) {
            dirty.wait();
          }
        }
        TimeUnit.NANOSECONDS.sleep(windowNanos);
        synchronized (dirty) {
          batch = Set.copyOf(dirty);
          dirty.clear();
        }
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
        continue;
      }
      send(batch);
    }
  }

  private void send(Set<String> batch) {
    try {
      notifications.get().send(batch);
    } catch (RuntimeException e) {
      log.debug("sending wake-ups for {} failed: {}", batch, e.toString());
    }
  }

  /**
   * Stops listening and sending; the wake-ups still waiting for their window are sent first, so
   * that a client closed right after a push, retry, run-now or resume (an operator command) still
   * wakes the workers of other JVMs at once.
   */
  @Override
  public void close() {
    closed = true;
    sender.interrupt();
    Notifications.Subscription current = subscription;
    if (current != null) {
      current.close();
    }
    flush();
  }

  private void flush() {
    if (notifications.isEmpty()) {
      return;
    }
    try {
      // a batch the sender took before it was stopped is sent by the sender itself
      sender.join(FLUSH_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Set<String> rest;
    synchronized (dirty) {
      rest = Set.copyOf(dirty);
      dirty.clear();
    }
    if (!rest.isEmpty()) {
      send(rest);
    }
  }
}
