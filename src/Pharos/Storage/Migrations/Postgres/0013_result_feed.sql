-- Nodes sharing one database read each other's results in the order they were written. Every results batch is
-- written under the write lock (Database.BeginWriteAsync), so seq grows in commit order and a reader that has seen
-- seq N has seen every row below it. recorded_by names the node that wrote the row, so that a node skips its own.
ALTER TABLE check_results ADD COLUMN recorded_by TEXT;
ALTER TABLE check_results ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE INDEX ix_check_results_seq ON check_results (seq);

-- A node that stops cleanly says so, so that the others take its checks at once rather than after its silence.
ALTER TABLE cluster_nodes ADD COLUMN stopped_at BIGINT;
