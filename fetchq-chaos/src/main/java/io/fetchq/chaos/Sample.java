package io.fetchq.chaos;

/**
 * The queue's flow at one instant.
 *
 * @param atMillis when, epoch ms
 * @param processed runs ended by an outcome so far
 * @param finished tasks COMPLETED or KILLED
 */
record Sample(long atMillis, long processed, long finished) {}
