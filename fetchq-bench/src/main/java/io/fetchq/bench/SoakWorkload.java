package io.fetchq.bench;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A steady load for a while: producers push at a rate, workers handle; every interval reports the
 * throughput and the size of the tables with their indexes, to show growth and bloat.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Steady load for a duration: throughput per interval and table+index size growth.")
final class SoakWorkload extends Workload {
  enum Finish { complete, drop, reschedule }

  /** A load in progress: what it handled and pushed so far, and how to stop it. */
  interface Load {
    long handled();

    long pushed();

    void stop() throws Exception;
  }

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long each run lasts (default: 30s).")
  Duration duration;

  @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class,
      description = "How often throughput and sizes are reported (default: 5s).")
  Duration interval;

  @Option(names = "--rate", defaultValue = "500", description = "Tasks pushed per second in all (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--producers", defaultValue = "1", description = "Producer threads (default: ${DEFAULT-VALUE}).")
  int producers;

  @Option(names = {"--concurrency", "--workers"}, defaultValue = "4", description = "Handlers at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--batch", defaultValue = "10", description = "Tasks per pick (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--action", defaultValue = "complete",
      description = "What the handler does with each task: complete (rows stay), drop (rows go) or reschedule"
          + " (due again at once, so the same rows churn forever) (default: ${DEFAULT-VALUE}).")
  Finish action;

  @Override
  void execute() throws Exception {
    note(FloorTable.DESCRIPTION + "; soak: " + producers + " producers INSERT one by one at " + rate + "/s, "
        + concurrency + " worker threads take batches of " + batch + " (idle poll " + MixedFloor.IDLE.toMillis()
        + " ms) and " + switch (action) {
          case complete -> "set status 3";
          case drop -> "DELETE the rows";
          case reschedule -> "set status 1 again";
        } + ". fetchq: Queue.push per task, handler returns " + action + "; tableBytes = pg_total_relation_size"
        + " summed over the schema's tables");
    String variant = action + "-r" + Math.round(rate) + "-c" + concurrency + "-b" + batch + "-" + duration.toSeconds() + "s";
    compare(variant, -1,
        (s, t) -> soak(s, t, "floor", () -> SoakFloor.start(target, s, rate, producers, concurrency, batch, action)),
        this::fetchq);
  }

  private Timer.Measurement fetchq(String schema, Timer timer) throws Exception {
    AtomicLong handled = new AtomicLong();
    Action next = switch (action) {
      case complete -> Action.complete();
      case drop -> Action.drop();
      case reschedule -> Action.reschedule(Duration.ZERO);
    };
    Handler handler = (task, context) -> {
      handled.incrementAndGet();
      return next;
    };
    try (Target.Client client = target.open(schema,
        b -> b.queue(QUEUE).worker(QUEUE, handler, w -> w.concurrency(concurrency).batch(batch)))) {
      Queue queue = client.fetchq().queue(QUEUE);
      client.fetchq().start();
      client.resetCounts();
      Timer.Measurement m = soak(schema, timer, "fetchq", () -> {
        Producers running = Producers.start(producers, Long.MAX_VALUE, rate,
            () -> i -> queue.push(NewTask.of(subject("task", i)).payload(payload(i))));
        return new Load() {
          public long handled() {
            return handled.get();
          }

          public long pushed() {
            return running.pushed();
          }

          public void stop() throws Exception {
            running.stop();
            running.join();
          }
        };
      });
      client.addCounts(m.extra(), m.tasks());
      return m;
    }
  }

  /** Starts the load, samples it every interval until the duration is over, stops it. */
  private Timer.Measurement soak(String schema, Timer timer, String impl, LoadStarter starter) throws Exception {
    long bytesAtStart = target.tableBytes(schema);
    List<Map<String, Object>> intervals = new ArrayList<>();
    timer.start();
    Load load = starter.start();
    long lastHandled = 0;
    long lastPushed = 0;
    double lastAt = 0;
    try {
      for (double at = interval.toMillis() / 1000.0; at <= duration.toMillis() / 1000.0 + 1e-9;
          at += interval.toMillis() / 1000.0) {
        long wait = (long) ((at - timer.elapsed()) * 1000);
        if (wait > 0) {
          Thread.sleep(wait);
        }
        long handled = load.handled();
        long pushed = load.pushed();
        double now = timer.elapsed();
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("type", "interval");
        sample.put("workload", "soak");
        sample.put("impl", impl);
        sample.put("t", now);
        sample.put("pushed", pushed - lastPushed);
        sample.put("handled", handled - lastHandled);
        sample.put("rate", (handled - lastHandled) / (now - lastAt));
        sample.put("tableBytes", target.tableBytes(schema));
        out().println(Json.of(sample));
        out().flush();
        intervals.add(sample);
        lastHandled = handled;
        lastPushed = pushed;
        lastAt = now;
      }
    } finally {
      load.stop();
    }
    timer.stop();
    long bytesAtEnd = target.tableBytes(schema);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("pushed", load.pushed());
    extra.put("bytesAtStart", bytesAtStart);
    extra.put("bytesAtEnd", bytesAtEnd);
    extra.put("bytesGrowth", bytesAtEnd - bytesAtStart);
    extra.put("intervalRates", intervals.stream().map(i -> i.get("rate")).toList());
    return timer.measured(load.handled(), null, extra);
  }

  /** Starts a load. */
  interface LoadStarter {
    Load start() throws Exception;
  }
}
