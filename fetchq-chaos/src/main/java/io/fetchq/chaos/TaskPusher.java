package io.fetchq.chaos;

import io.fetchq.NewTask;
import io.fetchq.Queue;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes the run's tasks in batches at a steady rate while the workers work, each with the first
 * payload. A batch that fails (a fault) is pushed again until it goes through: a subject that made
 * it the first time is then simply not added again.
 */
final class TaskPusher {
  private final Queue queue;
  private final long tasks;
  private final int batch;
  private final long perSecond;
  private final Thread thread;
  private volatile long pushed;
  private volatile long failedBatches;
  private volatile boolean done;
  private volatile boolean closed;

  TaskPusher(Queue queue, long tasks, int batch, long perSecond) {
    this.queue = queue;
    this.tasks = tasks;
    this.batch = batch;
    this.perSecond = perSecond;
    thread = new Thread(this::push, "chaos-pusher");
    thread.setDaemon(true);
    thread.start();
  }

  /** The subject of the task numbered {@code i}. */
  static String subjectOf(long i) {
    return String.format("t%07d", i);
  }

  private void push() {
    long began = System.currentTimeMillis();
    for (long from = 0; from < tasks && !closed; from += batch) {
      List<NewTask> tasksOfBatch = new ArrayList<>(batch);
      for (long i = from; i < Math.min(tasks, from + batch); i++) {
        tasksOfBatch.add(NewTask.of(subjectOf(i)).payload(ChaosPayload.FIRST.json()));
      }
      while (!closed) {
        try {
          queue.pushAll(tasksOfBatch);
          break;
        } catch (RuntimeException fault) {
          failedBatches++;
          pause(200);
        }
      }
      pushed = Math.min(tasks, from + batch);
      long due = began + pushed * 1_000 / perSecond;
      pause(due - System.currentTimeMillis());
    }
    done = true;
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean done() {
    return done;
  }

  long pushed() {
    return pushed;
  }

  long failedBatches() {
    return failedBatches;
  }

  void stop() throws InterruptedException {
    closed = true;
    thread.join();
  }
}
