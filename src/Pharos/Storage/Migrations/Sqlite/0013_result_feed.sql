-- Nodes sharing one database read each other's results in the order they were written: SQLite's rowid is that
-- order (one writer at a time); recorded_by names the node that wrote the row, so that a node skips its own.
ALTER TABLE check_results ADD COLUMN recorded_by TEXT;

-- A node that stops cleanly says so, so that the others take its checks at once rather than after its silence.
ALTER TABLE cluster_nodes ADD COLUMN stopped_at BIGINT;
