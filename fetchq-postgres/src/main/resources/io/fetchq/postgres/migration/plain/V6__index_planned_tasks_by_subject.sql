-- PLANNED tasks by due time, then subject: a listing of planned tasks orders by (due time,
-- subject), and one push of a batch gives every task of it the same due time, so an index that
-- ended at the time made each page read and sort the whole tie (220,000 rows for one page on a
-- 10,000,000-task queue, docs/benchmarks.md). Promotion still reads it by due time.
DROP INDEX fetchq_task_planned;
CREATE INDEX fetchq_task_planned ON fetchq_task (queue_id, next_iteration, subject) WHERE status = ${status.planned};
