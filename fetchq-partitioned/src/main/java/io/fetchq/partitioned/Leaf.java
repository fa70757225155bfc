package io.fetchq.partitioned;

/**
 * A HASH(subject) leaf of a queue's partition.
 *
 * @param name {@code fetchq_pleaf_<id>_<n>}
 * @param bound its partition bound as PostgreSQL prints it, {@code FOR VALUES WITH (modulus m,
 *     remainder r)}
 * @param pages its size in pages as the catalog last recorded it (by VACUUM, ANALYZE or an index
 *     build; 0 before any)
 */
record Leaf(String name, String bound, long pages) {}
