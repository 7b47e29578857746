-- An operator's move to a standby that is not ready needs force; a queued command carries it to the leader.
ALTER TABLE failover_commands ADD COLUMN forced INTEGER NOT NULL DEFAULT 0;
