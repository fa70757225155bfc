-- The error log's indexes, on the table each layout made in its V2: entries of one subject, and by
-- age for pruning. Entries of a queue newest first are read through (queue_id, id), which each
-- layout indexes in its V2 (the postgres layout's key, the partitioned layout's index).
CREATE INDEX ${error_table}_subject ON ${error_table} (queue_id, subject, id);
CREATE INDEX ${error_table}_age     ON ${error_table} (queue_id, created_at);
