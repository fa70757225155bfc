package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a command that moves tasks did to each subject it was given ({@code retry}, {@code
 * run-now}): which moved and which did not.
 *
 * @param queue the queue
 * @param asked the subjects given, in their order
 * @param moved those that moved
 */
record Moves(String queue, List<String> asked, List<String> moved) {
  Moves {
    asked = List.copyOf(asked);
    moved = List.copyOf(moved);
  }

  List<String> notMoved() {
    Set<String> done = new HashSet<>(moved);
    return asked.stream().filter(s -> !done.contains(s)).toList();
  }

  /**
   * Prints a line per subject (or, as JSON, {@code queue}, {@code moved}, {@code notMoved}), saying
   * what {@code verb} did, and why a subject may not have moved.
   */
  ExitCode report(Output out, String verb, String whyNot, boolean strict) {
    List<String> notMoved = notMoved();
    if (out.json()) {
      ObjectNode document = Documents.object();
      document.put("queue", queue);
      document.set("moved", Documents.strings(moved));
      document.set("notMoved", Documents.strings(notMoved));
      out.document(document);
    } else {
      Set<String> done = new HashSet<>(moved);
      Table table = new Table("SUBJECT", "RESULT");
      asked.forEach(s -> table.row(s, done.contains(s) ? verb : "not " + verb + " (" + whyNot + ")"));
      out.text(table.render());
      out.println(moved.size() + " of " + asked.size() + " " + verb);
    }
    return strict && !notMoved.isEmpty() ? ExitCode.NOT_MOVED : ExitCode.OK;
  }
}
