package io.fetchq.partitioned;

/**
 * What one leaf holds, read by a retire pass.
 *
 * @param total every task in the leaf
 * @param completed COMPLETED tasks past the queue's finished retention
 * @param killed KILLED tasks past it
 */
record LeafCount(long total, long completed, long killed) {

  long due() {
    return completed + killed;
  }
}
