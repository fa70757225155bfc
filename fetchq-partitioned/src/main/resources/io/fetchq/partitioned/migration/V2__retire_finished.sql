-- Retiring finished tasks: how long each queue keeps COMPLETED and KILLED tasks after their last
-- run (36500 days, that is: kept, unless the queue says otherwise), and which of its leaves the
-- next retire pass visits (passes go round the leaves; concurrent passes take different ones).
-- No index on finished tasks: a pass reads one leaf whole, and rewrites it when many are due.
ALTER TABLE fetchq_part_queue ADD COLUMN finished_retention_ms bigint NOT NULL DEFAULT 3153600000000;
ALTER TABLE fetchq_part_queue ADD COLUMN retire_turn bigint NOT NULL DEFAULT 0;
