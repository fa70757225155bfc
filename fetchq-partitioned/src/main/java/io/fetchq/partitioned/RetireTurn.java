package io.fetchq.partitioned;

import java.time.Instant;

/**
 * A retire pass's turn on a queue.
 *
 * @param id the queue's id
 * @param turn how many passes came before this one; the pass visits leaf {@code turn mod leaves}
 * @param cutoff finished tasks whose last run ended before this instant are due
 * @param possible false when none can be: the queue is younger than its retention, or holds no
 *     finished task
 */
record RetireTurn(int id, long turn, Instant cutoff, boolean possible) {}
