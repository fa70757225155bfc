package io.fetchq.postgres;

import java.util.function.LongSupplier;

/**
 * Lease tokens for picks on Citus, taken from the lease sequence a block at a time (on plain
 * PostgreSQL pick calls nextval itself, which costs less). One sequence value
 * {@code v} stands for the block {@code v * 2^20 + 1 ... (v + 1) * 2^20 - 1}; blocks of different
 * values never overlap, so a token is given at most once across every client of the schema, and
 * every block lies above the tokens of a sequence read one value at a time (as before blocks).
 * A pick then numbers its tasks from a base this class hands out: the statement needs no volatile
 * function, which a distributed PostgreSQL such as Citus cannot route inside an UPDATE, and takes
 * a round trip to the sequence only once per million tasks picked.
 */
final class LeaseBlocks {
  static final int BLOCK_BITS = 20;
  private static final long BLOCK = 1L << BLOCK_BITS;

  private long next;
  private long end;

  /**
   * A base such that {@code base + 1 ... base + count} are tokens no one else is given; reads a new
   * block through {@code sequence} when this one has fewer than {@code count} left.
   */
  synchronized long take(int count, LongSupplier sequence) {
    if (count < 1 || count >= BLOCK) {
      throw new IllegalArgumentException("count must be 1 to " + (BLOCK - 1) + ", was " + count);
    }
    if (end - next < count) {
      long value = sequence.getAsLong();
      next = value << BLOCK_BITS;
      end = next + BLOCK - 1;
    }
    long base = next;
    next += count;
    return base;
  }
}
