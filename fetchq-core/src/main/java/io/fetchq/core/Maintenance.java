package io.fetchq.core;

import io.fetchq.FetchqException;
import io.fetchq.QueueNotFoundException;
import io.fetchq.StorageException;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.QueueInfo;
import io.fetchq.spi.Storage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every queue of the storage healthy from this JVM: promotes due planned tasks, recovers
 * orphans (and kills them at the threshold), prunes old errors and retires old finished tasks. A Quartz scheduler with an
 * in-memory job store runs the passes at their intervals; the storage claims its rows with
 * {@code SKIP LOCKED}, so any number of JVMs can run them at once without doing the same work.
 * One queue's failure never stops the others: it is counted and logged, and the pass goes on; only
 * a database that is down ends a pass early.
 */
final class Maintenance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
  private static final String OWNER = "maintenance";
  /** A pass goes on while a job keeps hitting its limit, but not forever. */
  private static final int MAX_ROUNDS = 100;

  private final Storage storage;
  private final int limit;
  private final Duration interval;
  private final Duration pruneInterval;
  private final WakeUps wakeUps;
  private final AtomicLong failures = new AtomicLong();
  /** The queues whose last maintenance failed, with the message it failed with. */
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  private Scheduler scheduler;

  Maintenance(Storage storage, int limit, Duration interval, Duration pruneInterval, WakeUps wakeUps) {
    this.storage = storage;
    this.limit = limit;
    this.interval = interval;
    this.pruneInterval = pruneInterval;
    this.wakeUps = wakeUps;
  }

  /** Runs the given jobs once over every queue; returns the sum of what they did. */
  MaintenanceResult runOnce(Set<Job> jobs) {
    MaintenanceResult sum = new MaintenanceResult(0, 0, 0, 0, 0);
    for (QueueInfo queue : storage.queues()) {
      sum = plus(sum, runOnce(queue.name(), jobs));
    }
    return sum;
  }

  /**
   * Runs the given jobs over one queue, round after round while a round did as much as its limit
   * allows; returns what they did. A queue dropped meanwhile did nothing; a failure other than the
   * database being down is counted and logged, and did nothing.
   */
  MaintenanceResult runOnce(String queue, Set<Job> jobs) {
    MaintenanceResult sum = new MaintenanceResult(0, 0, 0, 0, 0);
    try {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        MaintenanceResult result = storage.maintain(new MaintenanceRequest(queue, jobs, limit));
        sum = plus(sum, result);
        if (result.promoted() + result.recovered() > 0) {
          wakeUps.pushed(queue);
        }
        if (Math.max(Math.max(result.promoted(), result.recovered() + result.killed()),
                Math.max(result.pruned(), result.retired())) < limit) {
          break;
        }
      }
      if (failing.remove(queue) != null) {
        log.info("maintenance of queue {} works again", queue);
      }
    } catch (QueueNotFoundException e) {
      log.debug("queue {} was dropped during maintenance", queue);
    } catch (DatabaseUnavailableException e) {
      throw e;
    } catch (StorageException e) {
      failed(queue, e);
    }
    return sum;
  }

  private static MaintenanceResult plus(MaintenanceResult a, MaintenanceResult b) {
    return new MaintenanceResult(a.promoted() + b.promoted(), a.recovered() + b.recovered(),
        a.killed() + b.killed(), a.pruned() + b.pruned(), a.retired() + b.retired());
  }

  /**
   * One queue's maintenance failed for a reason other than the database being down (a statement
   * the server refuses, a constraint, a bug): counted, logged as a warning the first time and when
   * the reason changes, and the pass goes on with the other queues. The next pass tries again.
   */
  private void failed(String queue, StorageException e) {
    failures.incrementAndGet();
    String reason = String.valueOf(e.getMessage());
    String before = failing.put(queue, reason);
    if (!reason.equals(before)) {
      log.warn("maintenance of queue {} failed; the other queues go on and the next pass tries again", queue, e);
    } else {
      log.debug("maintenance of queue {} failed again: {}", queue, e.getMessage());
    }
  }

  /** Queue maintenances that failed since this client started, each one queue in one pass. */
  long failures() {
    return failures.get();
  }

  void start() {
    try {
      Properties properties = new Properties();
      properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "fetchq-" + UUID.randomUUID());
      properties.setProperty("org.quartz.threadPool.threadCount", "2");
      properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
      properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
      properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
      scheduler = new StdSchedulerFactory(properties).getScheduler();
      scheduler.setJobFactory((bundle, s) -> new Pass());
      schedule("tasks", EnumSet.of(Job.PROMOTE, Job.RECOVER_ORPHANS), interval);
      schedule("errors", EnumSet.of(Job.PRUNE_ERRORS, Job.RETIRE_FINISHED), pruneInterval);
      scheduler.getContext().put(OWNER, this);
      scheduler.start();
    } catch (SchedulerException e) {
      throw new FetchqException("the maintenance scheduler could not start", e);
    }
  }

  private void schedule(String name, Set<Job> jobs, Duration every) throws SchedulerException {
    JobDataMap data = new JobDataMap();
    data.put("jobs", EnumSet.copyOf(jobs));
    scheduler.scheduleJob(
        JobBuilder.newJob(Pass.class).withIdentity(name, "fetchq").usingJobData(data).build(),
        TriggerBuilder.newTrigger()
            .withIdentity(name, "fetchq")
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(every.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build());
  }

  @Override
  public void close() {
    if (scheduler != null) {
      try {
        scheduler.shutdown(true);
      } catch (SchedulerException e) {
        log.warn("the maintenance scheduler did not stop cleanly", e);
      }
    }
  }

  /** One scheduled pass; never two of the same kind at once in this JVM. */
  @DisallowConcurrentExecution
  public static final class Pass implements org.quartz.Job {
    @Override
    @SuppressWarnings("unchecked")
    public void execute(JobExecutionContext context) {
      try {
        Maintenance owner = (Maintenance) context.getScheduler().getContext().get(OWNER);
        Set<Job> jobs = (Set<Job>) context.getMergedJobDataMap().get("jobs");
        owner.runOnce(jobs);
      } catch (StorageException e) {
        log.debug("a maintenance pass failed; the next one tries again: {}", e.getMessage());
      } catch (SchedulerException | RuntimeException e) {
        log.warn("a maintenance pass failed; the next one tries again", e);
      }
    }
  }
}
