package io.fetchq.partitioned;

import io.fetchq.postgres.PostgresStorageProvider;

/**
 * The {@code partitioned} backend: the same contract and statements as {@code postgres}, on tables
 * partitioned by queue (each queue's partition hashed by subject) and an error log partitioned by
 * day, on PostgreSQL 14 or later. Opening it applies (or checks) its Flyway migrations, recorded in
 * their own history table, and makes the error log's days ahead.
 */
public final class PartitionedStorageProvider extends PostgresStorageProvider {
  public static final String NAME = "partitioned";

  /** The {@code partitioned} backend. */
  public PartitionedStorageProvider() {
    super(new PartitionedLayout());
  }
}
