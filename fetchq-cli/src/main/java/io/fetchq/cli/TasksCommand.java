package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import io.fetchq.spi.TaskCursor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fetchq tasks QUEUE}: one page of a queue's tasks ({@link io.fetchq.Queue#tasks}) and the
 * cursor of the next, so that scripts can page with {@code --after}.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Lists one page of a queue's tasks, by status and subject prefix, oldest or newest first, and"
        + " prints the cursor of the next page (pass it to --after).")
final class TasksCommand extends OperatorCommand {
  /** The longest payload the table shows; --json shows it whole. */
  private static final int PAYLOAD_WIDTH = 40;

  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only tasks in this status: ${COMPLETION-CANDIDATES} (default: every status, in subject order).")
  TaskStatus status;

  @Option(names = "--prefix", paramLabel = "P", description = "Only subjects that start with P.")
  String prefix;

  @ArgGroup(exclusive = true)
  Order order = new Order();

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "The page size, 1 to 1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--after", paramLabel = "CURSOR", description = "The page after the one that printed CURSOR.")
  String after;

  private TaskFilter filter;

  /** Which end comes first. */
  static final class Order {
    @Option(names = "--oldest", description = "The oldest first (the default).")
    boolean oldest;

    @Option(names = "--newest", description = "The newest first.")
    boolean newest;
  }

  @Override
  void check() {
    Require.queueName("queue", queue);
    TaskFilter built = new TaskFilter(status, prefix,
        order.newest ? TaskFilter.Order.NEWEST_FIRST : TaskFilter.Order.OLDEST_FIRST, after, limit);
    TaskCursor.read(built);
    filter = built;
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    TaskPage page = client.queue(queue).tasks(filter);
    if (out.json()) {
      ObjectNode document = Documents.object();
      document.put("queue", queue);
      ArrayNode tasks = document.putArray("tasks");
      page.tasks().forEach(t -> tasks.add(Documents.task(t)));
      document.put("next", page.next());
      out.document(document);
      return ExitCode.OK;
    }
    Table table = new Table("SUBJECT", "STATUS", "ATTEMPTS", "ITERATIONS", "PRIORITY", "NEXT_ITERATION",
        "LAST_ITERATION", "PAYLOAD");
    for (Task t : page.tasks()) {
      table.row(t.subject(), t.status() + (t.isCancelled() ? " (cancelled)" : ""), t.attempts(), t.iterations(),
          t.priority(), HumanText.instant(t.nextIteration()), HumanText.instant(t.lastIteration()), payload(t));
    }
    out.text(table.isEmpty() ? "no tasks\n" : table.render());
    out.println(page.hasNext() ? "next page: --after " + page.next() : "last page");
    return ExitCode.OK;
  }

  private static String payload(Task task) {
    String payload = task.payload();
    if (payload == null) {
      return null;
    }
    String oneLine = payload.replaceAll("\\s*\\R\\s*", " ");
    return oneLine.length() <= PAYLOAD_WIDTH ? oneLine : oneLine.substring(0, PAYLOAD_WIDTH - 3) + "...";
  }
}
