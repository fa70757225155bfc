package io.fetchq.postgres;

import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The names the mapper XML files use for Fetchq's tables, substituted once when the files are
 * loaded, as {@code ${schema}} is. The postgres backend uses {@link #POSTGRES}; fetchq-partitioned
 * loads the same files with its own names, where the task table is the queue's own partition.
 * Public for fetchq-partitioned only; not part of the user API.
 *
 * @param queueTable the table of queues and their options
 * @param taskTable the table the task statements read and write
 * @param counterTable the table of counter slots
 * @param errorTable the error log
 * @param leaseSequence the sequence of lease tokens
 */
public record TableNames(
    String queueTable, String taskTable, String counterTable, String errorTable, String leaseSequence) {

  /**
   * A plain identifier; the task table alone may end in {@code ${queue}}, which MyBatis fills in per
   * call with the request's queue name, a name that matched the strict queue name pattern.
   */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern TASK_TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\$\\{queue\\})?");

  /** The tables of the postgres backend. */
  public static final TableNames POSTGRES =
      new TableNames("fetchq_queue", "fetchq_task", "fetchq_counter", "fetchq_error", "fetchq_lease_seq");

  public TableNames {
    check("queueTable", queueTable, NAME);
    check("taskTable", taskTable, TASK_TABLE);
    check("counterTable", counterTable, NAME);
    check("errorTable", errorTable, NAME);
    check("leaseSequence", leaseSequence, NAME);
  }

  private static void check(String field, String name, Pattern pattern) {
    if (name == null || !pattern.matcher(name).matches()) {
      throw new IllegalArgumentException(field + " must match " + pattern.pattern() + "; was " + name);
    }
  }

  /** The variables the mapper XML files are loaded with: the schema and these names. */
  Properties variables(String schema) {
    Properties variables = new Properties();
    variables.setProperty("schema", schema);
    variables.setProperty("queueTable", queueTable);
    variables.setProperty("taskTable", taskTable);
    variables.setProperty("counterTable", counterTable);
    variables.setProperty("errorTable", errorTable);
    variables.setProperty("leaseSequence", leaseSequence);
    return variables;
  }
}
