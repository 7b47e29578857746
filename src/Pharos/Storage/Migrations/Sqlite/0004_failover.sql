-- Each policy's state machine, as one JSON document: read and written whole, under the controller's lock.
CREATE TABLE failover_state (
    policy_id  TEXT PRIMARY KEY,
    state_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Every transition with its reason, evidence, actor and timings: the failover history operators read.
CREATE TABLE failover_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id      TEXT NOT NULL,
    at             INTEGER NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    actor          TEXT NOT NULL,
    evidence_json  TEXT NOT NULL,
    apply_ms       INTEGER,
    consistency_ms INTEGER
);
CREATE INDEX ix_failover_events_policy ON failover_events (policy_id, at);

-- The built-in zones' SOA serials, so a restart never serves an older serial than secondaries have seen.
CREATE TABLE dns_zone_serials (
    zone       TEXT PRIMARY KEY,
    serial     INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Operator commands from other processes (the CLI) for the node that runs the controller; done_at marks them taken.
CREATE TABLE failover_commands (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id  TEXT NOT NULL,
    command    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    done_at    INTEGER,
    result     TEXT
);
CREATE INDEX ix_failover_commands_pending ON failover_commands (done_at, id);
