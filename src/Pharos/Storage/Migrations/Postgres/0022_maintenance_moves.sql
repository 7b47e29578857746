-- A maintenance window may name the failover policy whose names move to the standby while it is in progress.
ALTER TABLE maintenances ADD COLUMN failover_policy TEXT;
