package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.QueueInfo;
import io.fetchq.QueueStats;
import io.fetchq.core.Fetchq;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code fetchq queues}: every queue with its options, whether it is paused, and its counts by status. */
@Command(name = "queues", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Lists every queue: paused or not, its options (maxActive, maxAttempts, lock), when it was"
        + " created, and its tasks by status.")
final class QueuesCommand extends OperatorCommand {

  @Override
  ExitCode run(Fetchq client, Output out) {
    List<QueueInfo> queues = client.queues().stream().sorted(Comparator.comparing(QueueInfo::name)).toList();
    if (out.json()) {
      ObjectNode document = Documents.object();
      ArrayNode list = document.putArray("queues");
      queues.forEach(q -> list.add(Documents.queue(q, client.queue(q.name()).stats())));
      out.document(document);
      return ExitCode.OK;
    }
    if (queues.isEmpty()) {
      out.println("no queues");
      return ExitCode.OK;
    }
    Table table = new Table("QUEUE", "PAUSED", "MAX_ACTIVE", "MAX_ATTEMPTS", "LOCK", "PLANNED", "PENDING", "ACTIVE",
        "COMPLETED", "KILLED", "TOTAL", "CREATED");
    for (QueueInfo q : queues) {
      QueueStats stats = client.queue(q.name()).stats();
      table.row(q.name(), q.paused() ? "yes" : "no",
          q.options().maxActive() == 0 ? "none" : q.options().maxActive(), q.options().maxAttempts(),
          HumanText.duration(q.options().lock()), stats.planned(), stats.pending(), stats.active(),
          stats.completed(), stats.killed(), stats.total(), HumanText.instant(q.createdAt()));
    }
    out.text(table.render());
    return ExitCode.OK;
  }
}
