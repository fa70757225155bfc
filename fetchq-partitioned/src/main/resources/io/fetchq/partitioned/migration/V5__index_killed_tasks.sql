-- The KILLED tasks of each queue's partition by the end of their last run, as the postgres
-- backend's fetchq_task_killed: an operator's list of killed tasks and a retry of every killed
-- task read only what they return. Made on every partition; new partitions get it when they are
-- made (PartitionMapper.xml, createQueueTable).
CREATE INDEX fetchq_part_task_killed ON fetchq_part_task (last_iteration, subject) WHERE status = ${status.killed};
