package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.CancelResult;
import io.fetchq.Limits;
import io.fetchq.core.Fetchq;
import io.fetchq.spi.CancelRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fetchq cancel QUEUE SUBJECT... --reason TEXT [--drop]} ({@link io.fetchq.Queue#cancel}). */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cancels tasks, writing the reason to the error log of each one reached: a PLANNED or PENDING"
        + " task is KILLED (with --drop, any task not ACTIVE is deleted and its subject freed); an ACTIVE task is"
        + " marked: its run's outcome is refused and it ends KILLED.",
        "With - as the only SUBJECT, reads the subjects from stdin, one a line."})
final class CancelCommand extends OperatorCommand {
  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Parameters(index = "1..*", paramLabel = "SUBJECT", arity = "1..*",
      description = "The tasks to cancel, or - to read them from stdin.")
  List<String> subjects;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the error log.")
  String reason;

  @Option(names = "--drop", description = "Delete the tasks that are not ACTIVE instead of killing them.")
  boolean drop;

  @Option(names = "--strict", description = "Exit with 6 when some subject was not reached.")
  boolean strict;

  private List<String> checked;

  @Override
  void check() {
    checked = Subjects.read(subjects, System.in);
    // the library's rules for the queue, the reason and the subjects, checked by its request
    new CancelRequest(queue, checked.subList(0, Math.min(checked.size(), Limits.MAX_BATCH)), reason, drop);
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    CancelResult result = client.queue(queue).cancel(checked, reason, drop);
    Set<String> reached = new HashSet<>();
    reached.addAll(result.killed());
    reached.addAll(result.dropped());
    reached.addAll(result.marked());
    List<String> notReached = checked.stream().filter(s -> !reached.contains(s)).toList();
    if (out.json()) {
      ObjectNode document = Documents.object();
      document.put("queue", queue);
      document.set("killed", Documents.strings(result.killed()));
      document.set("dropped", Documents.strings(result.dropped()));
      document.set("marked", Documents.strings(result.marked()));
      document.set("notReached", Documents.strings(notReached));
      out.document(document);
    } else {
      Table table = new Table("SUBJECT", "RESULT");
      for (String subject : checked) {
        table.row(subject, result.killed().contains(subject) ? "killed"
            : result.dropped().contains(subject) ? "dropped"
            : result.marked().contains(subject) ? "marked (running: killed when its run ends)"
            : "not reached (missing, or finished already" + (drop ? ")" : "; --drop deletes finished tasks)"));
      }
      out.text(table.render());
      out.println(result.killed().size() + " killed, " + result.dropped().size() + " dropped, "
          + result.marked().size() + " marked, " + notReached.size() + " not reached");
    }
    return strict && !notReached.isEmpty() ? ExitCode.NOT_MOVED : ExitCode.OK;
  }
}
