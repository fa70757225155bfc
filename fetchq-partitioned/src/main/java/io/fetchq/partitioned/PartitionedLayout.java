package io.fetchq.partitioned;

import io.fetchq.postgres.TableLayout;
import io.fetchq.postgres.TableNames;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The partitioned layout (see the package documentation): the task table LIST-partitioned by queue,
 * each queue's partition HASH-partitioned by subject, the error log RANGE-partitioned by day. The
 * shared statements name the queue's own partition, {@code fetchq_ptask_${queue}}.
 */
final class PartitionedLayout implements TableLayout {
  static final TableNames TABLES = new TableNames("fetchq_part_queue", "fetchq_part_task",
      "fetchq_ptask_${queue}", "fetchq_part_counter", "fetchq_part_error", "fetchq_part_lease_seq");

  @Override
  public String name() {
    return PartitionedStorageProvider.NAME;
  }

  @Override
  public TableNames tables() {
    return TABLES;
  }

  @Override
  public String taskTableOptions() {
    return "PARTITION BY LIST (queue_id)";
  }

  @Override
  public String errorTableOptions() {
    return "PARTITION BY RANGE (created_at)";
  }

  @Override
  public String migrations() {
    return "classpath:io/fetchq/partitioned/migration";
  }

  @Override
  public String historyTable() {
    return "fetchq_partitioned_schema_history";
  }

  @Override
  public List<Class<?>> mappers() {
    return List.of(PartitionMapper.class);
  }

  /**
   * Citus shards by {@code queue_id} itself, which is what this layout's LIST level does by hand,
   * and supports neither partitions of partitions nor {@code DETACH PARTITION ... CONCURRENTLY}.
   */
  @Override
  public Optional<String> citusRefusal() {
    return Optional.of("the partitioned layout cannot run on Citus, which supports neither partitions of"
        + " partitions nor DETACH PARTITION ... CONCURRENTLY; use fetchq.storage=postgres there: Citus"
        + " shards its tables by queue, as this layout's partitions do on one server");
  }

  /** Makes the error log's days ahead before the first statement can write to it. */
  @Override
  public Queues open(SqlSessionFactory sessions, String schema) {
    Partitions partitions = new Partitions(sessions, schema);
    partitions.prepare();
    return new PartitionedQueues(sessions, partitions, new Retirement(sessions, schema));
  }
}
