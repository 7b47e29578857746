-- Failover drills: requested by an operator or the schedule, run by the leading node step by step. The row is
-- written at every step, so a node that starts (or takes the lead) finds an unfinished drill and returns DNS to the
-- primary. steps_json is the timeline; abort_requested is how an operator on any node or the CLI stops a drill.
CREATE TABLE failover_drills (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id       TEXT NOT NULL,
    status          TEXT NOT NULL,
    actor           TEXT NOT NULL,
    hold_ms         INTEGER NOT NULL,
    requested_at    INTEGER NOT NULL,
    started_at      INTEGER,
    ended_at        INTEGER,
    abort_requested INTEGER NOT NULL DEFAULT 0,
    outcome         TEXT,
    steps_json      TEXT NOT NULL
);
CREATE INDEX ix_failover_drills_policy ON failover_drills (policy_id, id);
-- Never two drills of one policy at once, whichever node or process asks.
CREATE UNIQUE INDEX ux_failover_drills_open ON failover_drills (policy_id) WHERE ended_at IS NULL;
