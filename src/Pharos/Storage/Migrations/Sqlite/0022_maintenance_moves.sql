-- A maintenance window may name the failover policy whose names move to the standby while it is in progress.
ALTER TABLE maintenances ADD COLUMN failover_policy TEXT;

-- An operator's move to the standby may be shown as maintenance rather than as an outage; a queued command carries the choice.
ALTER TABLE failover_commands ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
