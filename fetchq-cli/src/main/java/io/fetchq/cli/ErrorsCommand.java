package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.TaskError;
import io.fetchq.core.Fetchq;
import io.fetchq.spi.ErrorQuery;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fetchq errors QUEUE}: the newest entries of the queue's error log, newest first. */
@Command(name = "errors", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Shows a queue's error log, newest first: the subject, its attempt, the message (--json adds"
        + " the details, such as the stack trace).")
final class ErrorsCommand extends OperatorCommand {
  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "How many entries, 1 to 50000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  void check() {
    ErrorQuery.of(queue, limit);
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    List<TaskError> errors = client.queue(queue).errors(limit);
    if (out.json()) {
      ObjectNode document = Documents.object();
      document.put("queue", queue);
      ArrayNode list = document.putArray("errors");
      errors.forEach(e -> list.add(Documents.error(e)));
      out.document(document);
      return ExitCode.OK;
    }
    if (errors.isEmpty()) {
      out.println("no errors");
      return ExitCode.OK;
    }
    Table table = new Table("ID", "TIME", "SUBJECT", "ATTEMPT", "MESSAGE");
    for (TaskError e : errors) {
      table.row(e.id(), HumanText.instant(e.createdAt()), e.subject(), e.attempt(),
          e.message() == null ? null : e.message().replaceAll("\\s*\\R\\s*", " "));
    }
    out.text(table.render());
    return ExitCode.OK;
  }
}
