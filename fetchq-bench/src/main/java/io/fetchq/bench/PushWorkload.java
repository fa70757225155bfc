package io.fetchq.bench;

import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** W1: push N new tasks from one thread, one by one ({@code Queue.push}) and in batches ({@code pushAll}). */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "W1: push N tasks from one thread, one by one and in batches of B (pushAll).")
final class PushWorkload extends Workload {
  /** one by one, in batches, or one by one each in an application transaction with a business row. */
  enum Mode { one, batch, tx }

  @Option(names = "--tasks", defaultValue = "100000", description = "Tasks per run (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--batch", defaultValue = "1000", description = "Tasks per pushAll (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--modes", split = ",", defaultValue = "one,batch",
      description = "Which of one (one by one), batch, and tx (one by one, each in the application's"
          + " transaction beside a business row: Queue.on(connection)) to run (default: ${DEFAULT-VALUE}).")
  List<Mode> modes;

  @Override
  void execute() throws Exception {
    note(FloorTable.DESCRIPTION + "; one by one: one INSERT per task; batches: one INSERT ... SELECT FROM unnest"
        + " per batch. fetchq: a client with no workers started, one Queue.push per task or one pushAll per batch");
    if (modes.contains(Mode.one)) {
      compare("one-by-one", tasks, new Floors((s, t) -> PushFloor.oneByOne(target, s, tasks, t),
          (s, t) -> PgbenchFloor.oneByOne(target, s, tasks)), (s, t) -> fetchq(s, t, 1));
    }
    if (modes.contains(Mode.batch)) {
      compare("batch-" + batch, tasks, new Floors((s, t) -> PushFloor.batches(target, s, tasks, batch, t),
          (s, t) -> PgbenchFloor.batches(target, s, tasks, batch)), (s, t) -> fetchq(s, t, batch));
    }
    if (modes.contains(Mode.tx)) {
      note("in-transaction: per task one transaction of the application's own connection: an INSERT of a"
          + " business row, the task's push, COMMIT; floor: the business INSERT, the task INSERT, COMMIT");
      compare("in-transaction", tasks, new Floors((s, t) -> PushFloor.inTransaction(target, s, tasks, t),
          (s, t) -> PgbenchFloor.inTransaction(target, s, tasks)), this::fetchqInTransaction);
    }
  }

  private Timer.Measurement fetchqInTransaction(String schema, Timer timer) throws Exception {
    try (Target.Client client = target.open(schema, b -> b.queue(QUEUE));
        Connection c = target.connect()) {
      PushFloor.createBusinessTable(c, schema);
      Queue queue = client.fetchq().queue(QUEUE);
      c.setAutoCommit(false);
      try (PreparedStatement business = PushFloor.insertBusinessRow(c, schema)) {
        client.resetCounts();
        timer.start();
        for (int i = 0; i < tasks; i++) {
          business.setString(1, subject("order", i));
          business.executeUpdate();
          queue.on(c).push(task(i));
          c.commit();
        }
        timer.stop();
      }
      QueueStats stats = queue.stats();
      Map<String, Object> extra = new LinkedHashMap<>();
      client.addCounts(extra, tasks);
      return timer.measured(stats.pending(), null, extra);
    }
  }

  private Timer.Measurement fetchq(String schema, Timer timer, int size) {
    try (Target.Client client = target.open(schema, b -> b.queue(QUEUE))) {
      Queue queue = client.fetchq().queue(QUEUE);
      client.resetCounts();
      timer.start();
      if (size == 1) {
        for (int i = 0; i < tasks; i++) {
          queue.push(task(i));
        }
      } else {
        for (int from = 0; from < tasks; from += size) {
          List<NewTask> chunk = new ArrayList<>(size);
          for (int i = from; i < Math.min(tasks, from + size); i++) {
            chunk.add(task(i));
          }
          queue.pushAll(chunk);
        }
      }
      timer.stop();
      QueueStats stats = queue.stats();
      Map<String, Object> extra = new LinkedHashMap<>();
      client.addCounts(extra, tasks);
      return timer.measured(stats.pending(), null, extra);
    }
  }
}
