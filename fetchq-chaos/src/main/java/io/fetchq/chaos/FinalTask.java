package io.fetchq.chaos;

import io.fetchq.TaskStatus;

/**
 * A task's row at the end of a run.
 *
 * @param subject the task
 * @param status its status
 * @param iterations its runs ended by an outcome
 * @param payload its payload, naming the run whose outcome wrote it last
 */
record FinalTask(String subject, TaskStatus status, int iterations, ChaosPayload payload) {}
