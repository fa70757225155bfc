package io.fetchq.postgres;

import org.apache.ibatis.annotations.Param;

/** The statements that find a Citus cluster and spread a layout's tables over it; SQL in CitusMapper.xml. */
interface CitusMapper {

  /** Whether the database has the {@code citus} extension. */
  boolean installed();

  /** Whether {@code table} (schema-qualified) is already a Citus table, distributed or reference. */
  boolean distributed(@Param("table") String table);

  /** Makes {@code table} a reference table: a copy on every node. */
  void reference(@Param("table") String table);

  /**
   * Distributes {@code table} by {@code queue_id}, co-located with {@code colocateWith} ({@code
   * "default"} for the first).
   */
  void distribute(@Param("table") String table, @Param("colocateWith") String colocateWith);
}
