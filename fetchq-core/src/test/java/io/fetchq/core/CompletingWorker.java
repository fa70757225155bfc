package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.QueueOptions;
import io.fetchq.RetryPolicy;
import io.fetchq.ThresholdPolicy;
import io.fetchq.spi.Storage;
import java.util.Map;

/** A worker of queue {@code heroes} whose handler completes every task, for tests with a fake storage. */
final class CompletingWorker {
  private CompletingWorker() {}

  static Worker of(Storage storage, WorkerOptions options, Settler settler, LockWatch lockWatch) {
    QueueSettings settings =
        new QueueSettings(QueueOptions.defaults(), RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly());
    return new Worker("heroes", (task, ctx) -> Action.complete(), options, settings, null, storage,
        CallerTransactions.withoutWakeUps(storage), Payloads.NONE, settler,
        lockWatch, name -> null, new Services(Map.of()), RuntimeClock.SYSTEM, Observers.NONE);
  }
}
