package io.fetchq.partitioned;

/**
 * A HASH(subject) leaf of a queue's partition.
 *
 * @param name {@code fetchq_pleaf_<id>_<n>}
 * @param bound its partition bound as PostgreSQL prints it, {@code FOR VALUES WITH (modulus m,
 *     remainder r)}
 */
record Leaf(String name, String bound) {}
