package io.fetchq.postgres;

import io.fetchq.InvalidArgumentException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names of a {@link TableLayout}'s tables, as the mapper XML files ({@code ${queueTable}} and
 * the others, substituted once at load, as {@code ${schema}} is) and the shared migrations ({@code
 * ${queue_table}} and the others) use them.
 *
 * @param queueTable the table of queues and their options
 * @param taskTable the table of every queue's tasks (for a partitioned layout, the parent table)
 * @param queueTasks the table a statement of one queue reads and writes: the task table, or a name
 *     ending in {@code ${queue}}, which MyBatis fills in per call with the request's queue name, a
 *     name that matched the strict queue name pattern
 * @param counterTable the table of counter slots
 * @param errorTable the error log
 * @param leaseSequence the sequence of lease tokens
 */
public record TableNames(
    String queueTable, String taskTable, String queueTasks, String counterTable, String errorTable,
    String leaseSequence) {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern QUEUE_TASKS = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\$\\{queue\\})?");

  public TableNames {
    check("queueTable", queueTable, NAME);
    check("taskTable", taskTable, NAME);
    check("queueTasks", queueTasks, QUEUE_TASKS);
    check("counterTable", counterTable, NAME);
    check("errorTable", errorTable, NAME);
    check("leaseSequence", leaseSequence, NAME);
  }

  private static void check(String field, String name, Pattern pattern) {
    if (name == null || !pattern.matcher(name).matches()) {
      throw new InvalidArgumentException(field, "must match " + pattern.pattern() + "; was " + name);
    }
  }

  /** The mapper XML variables: these names under their component names. */
  Map<String, String> statementVariables() {
    return Map.of(
        "queueTable", queueTable, "taskTable", taskTable, "queueTasks", queueTasks,
        "counterTable", counterTable, "errorTable", errorTable, "leaseSequence", leaseSequence);
  }

  /** The Flyway placeholders of the shared migrations: the tables every layout has. */
  Map<String, String> migrationPlaceholders() {
    return Map.of(
        "queue_table", queueTable, "task_table", taskTable, "counter_table", counterTable,
        "error_table", errorTable, "lease_sequence", leaseSequence);
  }
}
