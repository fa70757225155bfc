-- PLANNED tasks of each queue's partition by due time, then subject, as the postgres backend's
-- fetchq_task_planned (V6 there says why). New partitions get the same index when they are made
-- (PartitionMapper.xml, createQueueTable).
DROP INDEX fetchq_part_task_planned;
CREATE INDEX fetchq_part_task_planned ON fetchq_part_task (next_iteration, subject) WHERE status = ${status.planned};
