package io.fetchq.postgres;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks one pick locked, as the pick statement returns them: one row of arrays, a column
 * each, in the order the tasks are handed out (times in microseconds since the epoch). One row
 * per pick rather than one per task keeps MyBatis's row mapping, reflective and large, off the
 * path every task takes; a JVM that starts cold then compiles the few lines below instead.
 * MyBatis gives no row at all (null) when the pick found nothing, as every array is then null.
 */
record PickedTasks(
    String[] subjects,
    String[] payloads,
    Integer[] versions,
    Integer[] priorities,
    Integer[] statuses,
    Integer[] attempts,
    Integer[] iterations,
    Long[] createdUs,
    Long[] lastIterationUs,
    Long[] nextIterationUs,
    Long[] leases) {

  /** The tasks of {@code queue}, in pick order; empty when none was picked. */
  List<Task> tasks(String queue) {
    if (subjects == null) {
      return List.of();
    }
    List<Task> tasks = new ArrayList<>(subjects.length);
    for (int i = 0; i < subjects.length; i++) {
      tasks.add(new Task(queue, subjects[i], payloads[i], versions[i], priorities[i], TaskStatus.ofCode(statuses[i]),
          attempts[i], iterations[i], instant(createdUs[i]), instant(lastIterationUs[i]),
          instant(nextIterationUs[i]), leases[i]));
    }
    return tasks;
  }

  private static Instant instant(Long micros) {
    return micros == null
        ? null
        : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
