package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.InvalidArgumentException;
import io.fetchq.Queue;
import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fetchq retry QUEUE SUBJECT...} or {@code --all-killed}: finished tasks run again ({@link
 * Queue#retry}, {@link Queue#retryKilled}).
 */
@Command(name = "retry", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs finished tasks again: each KILLED or COMPLETED subject becomes PENDING now, its attempts"
        + " back to zero, its payload kept. Says per subject whether it moved; a subject that is missing,"
        + " waiting or running does not.",
        "With - as the only SUBJECT, reads the subjects from stdin, one a line."})
final class RetryCommand extends OperatorCommand {
  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Parameters(index = "1..*", paramLabel = "SUBJECT", arity = "0..*",
      description = "The tasks to retry, or - to read them from stdin.")
  List<String> subjects;

  @Option(names = "--all-killed", description = "Retry every KILLED task of the queue instead.")
  boolean allKilled;

  @Option(names = "--strict", description = "Exit with 6 when some subject did not move.")
  boolean strict;

  private List<String> checked;

  @Override
  void check() {
    Require.queueName("queue", queue);
    if (allKilled) {
      if (subjects != null && !subjects.isEmpty()) {
        throw new InvalidArgumentException("subject", "must not be given with --all-killed");
      }
      return;
    }
    checked = Subjects.read(subjects, System.in);
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    Queue handle = client.queue(queue);
    if (allKilled) {
      long retried = handle.retryKilled();
      if (out.json()) {
        ObjectNode document = Documents.object();
        document.put("queue", queue);
        document.put("retried", retried);
        out.document(document);
      } else {
        out.println("retried " + retried + " killed task" + (retried == 1 ? "" : "s") + " of " + queue);
      }
      return ExitCode.OK;
    }
    return new Moves(queue, checked, handle.retry(checked)).report(out, "retried", "missing, waiting or running", strict);
  }
}
