package io.fetchq.bench;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Producers push tasks one by one at a steady rate while workers drain them; reports the latency
 * from the push to the handler's start and to its end. Each payload carries its push instant.
 */
@Command(name = "mixed", mixinStandardHelpOptions = true,
    description = "Producers push N tasks at a rate while workers drain; latency from push to handler start and end.")
final class MixedWorkload extends Workload {
  @Option(names = "--tasks", defaultValue = "10000", description = "Tasks pushed in all (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--rate", defaultValue = "1000", description = "Tasks pushed per second in all (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--producers", defaultValue = "2", description = "Producer threads, each pushing one by one (default: ${DEFAULT-VALUE}).")
  int producers;

  @Option(names = {"--concurrency", "--workers"}, defaultValue = "4",
      description = "Handlers at once; the floor's worker threads (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--batch", defaultValue = "10", description = "Tasks per pick (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--sleep", defaultValue = "0ms", converter = DurationConverter.class,
      description = "Time the handler sleeps per task (default: none).")
  Duration sleep;

  @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class,
      description = "Longest a run may take before it fails (default: 30m).")
  Duration timeout;

  @Override
  void execute() throws Exception {
    note(FloorTable.DESCRIPTION + "; mixed: " + producers + " producers, one INSERT per task; " + concurrency
        + " worker threads take batches of " + batch + " as in drain and poll again after "
        + MixedFloor.IDLE.toMillis() + " ms when they find none. fetchq: Queue.push per task, one client with a"
        + " worker; p50/p99 = push to handler end, startP50Ms/startP99Ms = push to handler start");
    String variant = "r" + Math.round(rate) + "-c" + concurrency + "-b" + batch
        + (sleep.isZero() ? "" : "-sleep" + sleep.toMillis() + "ms");
    compare(variant, tasks,
        (s, t) -> MixedFloor.run(target, s, tasks, rate, producers, concurrency, batch, sleep, t),
        this::fetchq);
  }

  private Timer.Measurement fetchq(String schema, Timer timer) throws Exception {
    Latencies started = new Latencies();
    Latencies ended = new Latencies();
    Handler handler = (task, context) -> {
      long pushed = Producers.pushedNanos(task.payload());
      started.add(System.nanoTime() - pushed);
      sleep(sleep);
      ended.add(System.nanoTime() - pushed);
      return Action.complete();
    };
    try (Target.Client client = target.open(schema,
        b -> b.queue(QUEUE).worker(QUEUE, handler, w -> w.concurrency(concurrency).batch(batch)))) {
      Queue queue = client.fetchq().queue(QUEUE);
      client.fetchq().start();
      client.resetCounts();
      timer.start();
      Producers running = Producers.start(producers, tasks, rate,
          () -> i -> queue.push(NewTask.of(subject("task", i)).payload(Producers.stampedPayload(i))));
      running.join();
      QueueStats stats = DrainWorkload.awaitCompleted(queue, tasks, timer, timeout);
      timer.stop();
      return timer.measured(stats.completed(), ended, latencyExtra(started, client));
    }
  }

  private Map<String, Object> latencyExtra(Latencies started, Target.Client client) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("startP50Ms", started.percentileMillis(0.50));
    extra.put("startP99Ms", started.percentileMillis(0.99));
    extra.put("handled", started.count());
    if (client != null) {
      client.addCounts(extra, tasks);
    }
    return extra;
  }
}
