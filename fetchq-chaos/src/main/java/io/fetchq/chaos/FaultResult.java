package io.fetchq.chaos;

/**
 * A fault as it went.
 *
 * @param fault the fault
 * @param startMillis when it began, epoch ms
 * @param endMillis when it was over (the server back, the worker continued, the pool given back), epoch ms
 * @param applied false when it could not be applied (no restart command), with the reason in detail
 * @param detail what it did
 */
record FaultResult(Fault fault, long startMillis, long endMillis, boolean applied, String detail) {}
