-- The error log's indexes, on the table each layout made in its V2: entries of a queue newest
-- first, of one subject, and by age for pruning.
CREATE INDEX ${error_table}_queue   ON ${error_table} (queue_id, id);
CREATE INDEX ${error_table}_subject ON ${error_table} (queue_id, subject, id);
CREATE INDEX ${error_table}_age     ON ${error_table} (queue_id, created_at);
