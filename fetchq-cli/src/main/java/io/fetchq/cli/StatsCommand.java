package io.fetchq.cli;

import io.fetchq.InvalidArgumentException;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fetchq stats QUEUE}: the queue's counters, once or, with {@code --watch}, redrawn every
 * interval until interrupted (Ctrl-C ends it with exit code 0).
 */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Shows a queue's counters: tasks by status (planned, pending, active, completed, killed) and"
        + " the flow counters (pushed, picked, processed, rescheduled, rejected, orphaned, errors).")
final class StatsCommand extends OperatorCommand {
  private static final Duration SHORTEST = Duration.ofMillis(100);
  private static final Duration LONGEST = Duration.ofHours(1);
  /** Moves the cursor home and clears the screen: only on a terminal. */
  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Option(names = "--watch", description = "Redraw until interrupted (Ctrl-C, exit code 0); with --json,"
      + " one JSON object per line.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = Interval.class,
      description = "How often --watch reads the counters: 500ms, 2s, 1m (100ms to 1h; default ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  void check() {
    Require.queueName("queue", queue);
    if (interval.compareTo(SHORTEST) < 0 || interval.compareTo(LONGEST) > 0) {
      throw new InvalidArgumentException("interval", "must be between 100ms and 1h; was " + HumanText.duration(interval));
    }
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    Queue handle = client.queue(queue);
    if (!watch) {
      print(handle.stats(), out, false);
      return ExitCode.OK;
    }
    // Ctrl-C (or a plain kill) is how a watch ends: exit 0, not the 130 of an interrupted JVM
    Thread interrupted = new Thread(() -> Runtime.getRuntime().halt(ExitCode.OK.code()), "fetchq-watch-end");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try {
      boolean terminal = System.console() != null && !out.json();
      while (true) {
        QueueStats stats = handle.stats();
        if (terminal) {
          out.text(CLEAR_SCREEN);
        }
        print(stats, out, true);
        Thread.sleep(interval.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    } finally {
      // a failure (the database gone) must end with its own exit code
      Runtime.getRuntime().removeShutdownHook(interrupted);
    }
  }

  private static void print(QueueStats stats, Output out, boolean watching) {
    Instant at = Instant.now();
    if (out.json()) {
      if (watching) {
        out.line(Documents.stats(stats, at));
      } else {
        out.document(Documents.stats(stats, at));
      }
      return;
    }
    Table table = new Table("COUNTER", "VALUE")
        .row("planned", stats.planned())
        .row("pending", stats.pending())
        .row("active", stats.active())
        .row("completed", stats.completed())
        .row("killed", stats.killed())
        .row("total", stats.total())
        .row("pushed", stats.pushed())
        .row("picked", stats.picked())
        .row("processed", stats.processed())
        .row("rescheduled", stats.rescheduled())
        .row("rejected", stats.rejected())
        .row("orphaned", stats.orphaned())
        .row("errors", stats.errors());
    out.text("queue " + stats.queue() + " at " + HumanText.instant(at) + "\n" + table.render() + (watching ? "\n" : ""));
  }
}
