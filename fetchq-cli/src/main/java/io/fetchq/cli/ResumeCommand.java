package io.fetchq.cli;

import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fetchq resume QUEUE}: workers pick the queue's tasks again, woken at once. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Resumes a paused queue for every client, and wakes the idle workers of other processes at once.")
final class ResumeCommand extends OperatorCommand {
  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Override
  void check() {
    Require.queueName("queue", queue);
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    client.resume(queue);
    PauseCommand.report(out, queue, false);
    return ExitCode.OK;
  }
}
