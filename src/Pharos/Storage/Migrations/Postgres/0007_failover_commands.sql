-- Queued operator commands expire, are claimed before they run (so a failure after running one can never run it
-- again), and record their outcome as a word rather than as the start of a message.
ALTER TABLE failover_commands ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE failover_commands ADD COLUMN claimed_at BIGINT;
ALTER TABLE failover_commands ADD COLUMN outcome TEXT;

-- Commands queued before this version get the default five minutes: one left over from days ago expires at the
-- next start instead of moving traffic.
UPDATE failover_commands SET expires_at = created_at + 300000 WHERE expires_at = 0;
UPDATE failover_commands
SET outcome = CASE WHEN result LIKE 'ok%' THEN 'done' ELSE 'failed' END, claimed_at = done_at
WHERE done_at IS NOT NULL;

CREATE INDEX ix_failover_commands_policy ON failover_commands (policy_id, id);
