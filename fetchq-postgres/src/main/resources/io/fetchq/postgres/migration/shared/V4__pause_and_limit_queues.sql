-- Operators steer a queue for every client at once through its row:
--   paused: while true, pick locks none of the queue's tasks (pushes, settles and maintenance go on);
--   max_active: the most tasks of the queue ACTIVE at once across every client, or NULL for no
--     limit; pick counts the ACTIVE tasks from the counter slots, which it locks first (TaskMapper.xml).
ALTER TABLE ${queue_table}
    ADD COLUMN paused     boolean NOT NULL DEFAULT false,
    ADD COLUMN max_active integer CHECK (max_active > 0);
