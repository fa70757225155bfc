package io.fetchq.core;

import io.fetchq.Handler;
import io.fetchq.spi.Storage;

/**
 * What every run of one worker is given when it is made, shared by all of them and never changed:
 * the queue and its handler, how a handler's action becomes an outcome and
 * how its payload is read, the storage that extends a
 * run's lock and joins a handler's transaction, the lock watch, and what the handler's context offers (other queues, the user's
 * services), the clock that says when its lock expires, and who is told of each run.
 */
record RunSetup(
    String queue,
    Handler handler,
    ActionOutcomes outcomes,
    Payloads payloads,
    Storage storage,
    CallerTransactions transactions,
    LockWatch lockWatch,
    QueueDirectory queues,
    Services services,
    RuntimeClock clock,
    Observers observer) {}
