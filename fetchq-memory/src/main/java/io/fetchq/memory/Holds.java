package io.fetchq.memory;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Workers' holds on one queue's tasks at one instant: a pick locks due PENDING tasks of one
 * version, in pick order, each with a new lease and a lock counted from now; an extend moves the
 * lock of tasks still held under the lease given.
 */
final class Holds {
  private final StoredQueue queue;
  private final Instant now;
  private final LongSupplier leases;

  /** Holds on {@code queue}'s tasks at {@code now}, with lease tokens from {@code leases}. */
  Holds(StoredQueue queue, Instant now, LongSupplier leases) {
    this.queue = queue;
    this.now = now;
    this.leases = leases;
  }

  /**
   * Locks up to {@code limit} due PENDING tasks of {@code version} (the queue's current one when
   * null): none while the queue is paused, and no more than its maxActive leaves room for. Each
   * becomes ACTIVE with one more attempt, a new lease, and its lock's expiry as due time.
   */
  List<Task> pick(Integer version, int limit, Duration lock) {
    int room = limit;
    int maxActive = queue.options().maxActive();
    if (maxActive > 0) {
      room = Math.min(limit, Math.max(0, maxActive - queue.tasks().count(TaskStatus.ACTIVE)));
    }
    if (queue.paused() || room == 0) {
      return List.of();
    }
    Instant expiry = now.plusMillis(lock.toMillis());
    List<Task> picked = new ArrayList<>();
    for (Task due : due(version == null ? queue.options().currentVersion() : version, room)) {
      Task held = TaskEdit.of(due).status(TaskStatus.ACTIVE).attempts(due.attempts() + 1).lease(leases.getAsLong())
          .nextIteration(expiry).task();
      queue.tasks().put(held);
      picked.add(held);
    }
    queue.flow().picked += picked.size();
    return picked;
  }

  /**
   * Up to {@code limit} PENDING tasks of {@code version} due by now, in pick order. A task of a
   * priority that is not due yet (its due time lies ahead of a clock set back) ends that
   * priority's turn, since the rest of it is due later still.
   */
  private List<Task> due(int version, int limit) {
    NavigableMap<PickOrder, Task> pending = queue.tasks().pending();
    List<Task> due = new ArrayList<>();
    Map.Entry<PickOrder, Task> next = pending.ceilingEntry(PickOrder.before(version, Integer.MAX_VALUE));
    while (next != null && next.getKey().version() == version && due.size() < limit) {
      PickOrder place = next.getKey();
      if (place.due().isAfter(now)) {
        next = pending.ceilingEntry(PickOrder.before(version, place.priority() - 1));
      } else {
        due.add(next.getValue());
        next = pending.higherEntry(place);
      }
    }
    return due;
  }

  /** Moves to {@code lock} from now the lock of each task still held under its lease; returns those leases. */
  List<Lease> extend(List<Lease> leases, Duration lock) {
    Instant expiry = now.plusMillis(lock.toMillis());
    List<Lease> held = new ArrayList<>();
    Set<String> extended = new HashSet<>();
    for (Lease lease : leases) {
      Task task = queue.tasks().get(lease.subject());
      if (task != null && task.status() == TaskStatus.ACTIVE && task.lease() == lease.token()
          && extended.add(lease.subject())) {
        queue.tasks().put(TaskEdit.of(task).nextIteration(expiry).task());
        held.add(lease);
      }
    }
    return held;
  }
}
