package io.fetchq.cli;

import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fetchq run-now QUEUE SUBJECT...}: planned tasks become due now ({@link io.fetchq.Queue#runNow}). */
@Command(name = "run-now", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Makes PLANNED tasks due now and wakes the workers. Says per subject whether it moved; a"
        + " subject that is missing or not PLANNED does not.",
        "With - as the only SUBJECT, reads the subjects from stdin, one a line."})
final class RunNowCommand extends OperatorCommand {
  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Parameters(index = "1..*", paramLabel = "SUBJECT", arity = "1..*",
      description = "The tasks to run now, or - to read them from stdin.")
  List<String> subjects;

  @Option(names = "--strict", description = "Exit with 6 when some subject did not move.")
  boolean strict;

  private List<String> checked;

  @Override
  void check() {
    Require.queueName("queue", queue);
    checked = Subjects.read(subjects, System.in);
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    return new Moves(queue, checked, client.queue(queue).runNow(checked))
        .report(out, "run now", "missing or not PLANNED", strict);
  }
}
