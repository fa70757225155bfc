package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fetchq pause QUEUE}: no worker of any client picks the queue's tasks until it is resumed. */
@Command(name = "pause", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Pauses a queue for every client: from their next pick, no worker is handed its tasks; pushes"
        + " still land and runs under way finish. Stored with the queue: it outlives restarts until resume.")
final class PauseCommand extends OperatorCommand {
  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Override
  void check() {
    Require.queueName("queue", queue);
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    client.pause(queue);
    report(out, queue, true);
    return ExitCode.OK;
  }

  /** Prints the queue's new state. */
  static void report(Output out, String queue, boolean paused) {
    if (out.json()) {
      ObjectNode document = Documents.object();
      document.put("queue", queue);
      document.put("paused", paused);
      out.document(document);
    } else {
      out.println("queue " + queue + (paused ? " paused" : " resumed"));
    }
  }
}
