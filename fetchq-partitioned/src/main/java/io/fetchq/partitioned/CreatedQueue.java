package io.fetchq.partitioned;

/** The id of a queue just inserted and how many subject partitions its table gets. */
record CreatedQueue(int id, int subjectPartitions) {}
