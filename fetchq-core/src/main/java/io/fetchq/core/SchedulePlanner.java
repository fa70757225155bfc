package io.fetchq.core;

import io.fetchq.FetchqException;
import io.fetchq.Limits;
import io.fetchq.NewTask;
import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.TaskQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the declared schedules' tasks agree with their declarations when a client is built: one
 * task per schedule, its subject the schedule's name, so that it exists once however many clients
 * declare it. A new schedule's task is pushed at its next fire time (push never overwrites, so
 * clients that start together add it once). A task whose rule changed is planned at the new rule's
 * next fire time; a task KILLED or COMPLETED (by an operator, or its run orphaned past the failure
 * threshold) is planned again at its next fire time. A task with the same rule is left alone (so
 * clients that start together write nothing), unless it has been due for longer than {@link
 * #GRACE}: a fire time missed while no client ran it, which stays due to run once ({@link
 * ScheduleOptions.Missed#ONCE}) or moves to the next fire time ({@link
 * ScheduleOptions.Missed#SKIP}). ACTIVE tasks are never touched (upsert leaves them).
 */
final class SchedulePlanner {
  private static final Logger log = LoggerFactory.getLogger(SchedulePlanner.class);
  /** How long a task may have been due before its fire time counts as missed rather than about to run. */
  static final Duration GRACE = Duration.ofMinutes(1);
  private static final String DROP_REASON =
      "schedule no longer declared (fetchq.schedules.drop-undeclared is on)";

  private final Storage storage;
  private final RuntimeClock clock;
  private final Map<String, QueueOptions> stored;

  /**
   * @param stored the options stored with the queues the client declared, for their current
   *     payload version
   */
  SchedulePlanner(Storage storage, RuntimeClock clock, Map<String, QueueOptions> stored) {
    this.storage = storage;
    this.clock = clock;
    this.stored = stored;
  }

  /**
   * Plans every schedule's task; with {@code dropUndeclared}, also drops the tasks of schedules not
   * among {@code schedules} in {@link Fetchq#SCHEDULES_QUEUE} and in {@code declaredQueues}.
   *
   * @throws FetchqException when a schedule's subject is taken by a task that is not a schedule's,
   *     before anything is written
   */
  void plan(Collection<DeclaredSchedule> schedules, boolean dropUndeclared, Set<String> declaredQueues) {
    Map<String, List<DeclaredSchedule>> byQueue = schedules.stream()
        .collect(Collectors.groupingBy(DeclaredSchedule::queue, LinkedHashMap::new, Collectors.toList()));
    Map<String, Map<String, Task>> existing = new LinkedHashMap<>();
    byQueue.forEach((queue, declared) -> existing.put(queue, existing(queue, declared)));
    byQueue.forEach((queue, declared) -> plan(queue, declared, existing.get(queue)));
    if (dropUndeclared) {
      dropUndeclared(byQueue, declaredQueues);
    }
  }

  /** The tasks with the schedules' names, refusing any that is not a schedule's. */
  private Map<String, Task> existing(String queue, List<DeclaredSchedule> declared) {
    List<Task> tasks = storage.get(new SubjectsRequest(queue, declared.stream().map(DeclaredSchedule::name).toList()));
    for (Task task : tasks) {
      if (ScheduleMarker.read(task.payload()) == null) {
        throw new FetchqException("schedule " + task.subject() + ": queue " + queue + " holds a task " + task.subject()
            + " that is not a schedule's (its payload carries no schedule); rename the schedule or drop that task");
      }
    }
    return tasks.stream().collect(Collectors.toMap(Task::subject, Function.identity()));
  }

  private void plan(String queue, List<DeclaredSchedule> declared, Map<String, Task> existing) {
    Instant now = clock.now();
    List<NewTask> added = new ArrayList<>();
    List<NewTask> replanned = new ArrayList<>();
    int version = stored.containsKey(queue) ? stored.get(queue).currentVersion() : -1;
    for (DeclaredSchedule schedule : declared) {
      ScheduleRule rule = schedule.rule();
      Task task = existing.get(schedule.name());
      if (task == null) {
        Instant fire = rule.nextFire(null, now);
        added.add(NewTask.of(schedule.name()).payload(rule.payload(fire)).at(fire));
        log.info("schedule {} ({}, in {}) added: first run at {}", schedule.name(), rule, queue, fire);
        continue;
      }
      if (task.status() == TaskStatus.ACTIVE) {
        continue; // running now: its run plans it
      }
      ScheduleMarker marker = ScheduleMarker.read(task.payload());
      ScheduleRule current = ScheduleRule.of(marker);
      Instant planned = ScheduleRule.fire(marker);
      if (task.status() == TaskStatus.KILLED || task.status() == TaskStatus.COMPLETED) {
        Instant fire = rule.nextFire(null, now);
        replanned.add(NewTask.of(schedule.name()).payload(rule.payload(fire)).at(fire));
        log.warn("schedule {} was {} (cancelled by an operator, or its run orphaned past the failure threshold); a"
            + " declared schedule runs on: planned at {}", schedule.name(), task.status(), fire);
      } else if (!rule.equals(current)) {
        Instant fire = rule.nextFire(null, now);
        replanned.add(NewTask.of(schedule.name()).payload(rule.payload(fire)).at(fire));
        log.info("schedule {} changed from {} to {}: next run at {}", schedule.name(), current, rule, fire);
      } else if (task.nextIteration().isBefore(now.minus(GRACE)) && rule.missed() == ScheduleOptions.Missed.SKIP) {
        Instant fire = rule.nextFire(planned != null ? planned : task.nextIteration(), now);
        replanned.add(NewTask.of(schedule.name()).payload(rule.payload(fire)).at(fire));
        log.info("schedule {} missed its run at {} (no client ran it); skipped as declared: next run at {}",
            schedule.name(), task.nextIteration(), fire);
      } else if (version >= 0 && task.version() != version) {
        replanned.add(NewTask.of(schedule.name()).payload(task.payload()).at(task.nextIteration()));
        log.info("schedule {} moves to the queue's current payload version {}", schedule.name(), version);
      } else if (task.nextIteration().isBefore(now.minus(GRACE))) {
        log.info("schedule {} missed its run at {} (no client ran it); it runs once now, as declared",
            schedule.name(), task.nextIteration());
      }
    }
    if (!added.isEmpty()) {
      storage.push(new PushRequest(queue, added));
    }
    if (!replanned.isEmpty()) {
      storage.upsert(new PushRequest(queue, replanned));
    }
  }

  /**
   * Drops the tasks of schedules no longer declared: in {@link Fetchq#SCHEDULES_QUEUE}, those not
   * declared with a handler; in each declared queue, those with a schedule's payload not declared
   * in that queue. Reads every task of those queues once, a page at a time.
   */
  private void dropUndeclared(Map<String, List<DeclaredSchedule>> byQueue, Set<String> declaredQueues) {
    Set<String> queues = new LinkedHashSet<>(declaredQueues);
    if (storage.queues().stream().map(QueueInfo::name).anyMatch(Fetchq.SCHEDULES_QUEUE::equals)) {
      queues.add(Fetchq.SCHEDULES_QUEUE);
    }
    for (String queue : queues) {
      Set<String> kept = byQueue.getOrDefault(queue, List.of()).stream().map(DeclaredSchedule::name)
          .collect(Collectors.toSet());
      List<String> undeclared = new ArrayList<>();
      TaskFilter filter = TaskFilter.all().limit(TaskFilter.MAX_PAGE);
      while (true) {
        TaskPage page = storage.list(new TaskQuery(queue, filter));
        page.tasks().stream()
            .filter(t -> !kept.contains(t.subject()) && t.status() != TaskStatus.ACTIVE)
            .filter(t -> ScheduleMarker.marks(t.payload()))
            .forEach(t -> undeclared.add(t.subject()));
        if (!page.hasNext()) {
          break;
        }
        filter = filter.after(page.next());
      }
      for (int from = 0; from < undeclared.size(); from += Limits.MAX_BATCH) {
        List<String> batch = undeclared.subList(from, Math.min(undeclared.size(), from + Limits.MAX_BATCH));
        storage.cancel(new CancelRequest(queue, batch, DROP_REASON, true));
      }
      if (!undeclared.isEmpty()) {
        log.info("schedules {} in {} are no longer declared: their tasks were dropped", undeclared, queue);
      }
    }
  }
}
