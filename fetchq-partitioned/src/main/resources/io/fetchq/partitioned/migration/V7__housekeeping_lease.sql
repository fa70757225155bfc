-- Who does partition housekeeping in this schema, and until when (Partitions). A lease in a row
-- rather than a session advisory lock: each statement that takes, renews or gives it back is a
-- transaction of its own, so it works the same through a transaction pooler, where the statements
-- of one pass land on different server connections. (Versions are unique across this directory
-- and the postgres backend's shared one; no shared migration takes V7.)
CREATE TABLE fetchq_part_housekeeper (
    only_row   boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
    holder     uuid,
    expires_at timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO fetchq_part_housekeeper DEFAULT VALUES;
