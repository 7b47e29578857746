-- Operational events (check down, failover moves, undeliverable messages) join the incident and maintenance events
-- in the one event log; detail holds what a message needs to say about them, as JSON.
ALTER TABLE domain_events ADD COLUMN detail TEXT;

-- What a message says, once: an incident update sent to 10,000 subscribers is one notice and 10,000 small outbox rows.
CREATE TABLE notices (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    event_sequence INTEGER,
    kind           TEXT NOT NULL,
    severity       TEXT NOT NULL,
    subject_type   TEXT NOT NULL,
    subject_id     TEXT NOT NULL,
    title          TEXT NOT NULL,
    text           TEXT NOT NULL,
    url            TEXT,
    data           TEXT,
    at             INTEGER NOT NULL
);

-- One row a delivery: to a channel, or to a subscriber through the subscriber channels. Sent at least once; the
-- idempotency key travels with it (Message-ID, Idempotency-Key) so a receiver can drop a repeat.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    notice_id       INTEGER NOT NULL REFERENCES notices (id),
    route           TEXT,
    channel         TEXT NOT NULL,
    fallbacks       TEXT NOT NULL DEFAULT '',
    tried           TEXT NOT NULL DEFAULT '',
    recipient       TEXT,
    ordering_key    TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         INTEGER NOT NULL,
    lease_until     INTEGER,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    last_error      TEXT,
    grouped_into    INTEGER
);
CREATE INDEX ix_outbox_due ON outbox (status, next_at, id);
CREATE INDEX ix_outbox_order ON outbox (channel, ordering_key, id) WHERE status = 'pending';
CREATE INDEX ix_outbox_notice ON outbox (notice_id);

-- Every try, kept for the admin: when, through which channel, and what the other side said.
CREATE TABLE outbox_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id  INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    at          INTEGER NOT NULL,
    ok          INTEGER NOT NULL,
    error       TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX ix_outbox_attempts_message ON outbox_attempts (message_id);

-- When a route last let a kind of event about a subject through, for its minimum repeat interval.
CREATE TABLE route_marks (
    route   TEXT NOT NULL,
    key     TEXT NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (route, key)
);

-- Alerts that escalate until someone acknowledges them or the subject recovers.
CREATE TABLE alerts (
    notice_id       INTEGER NOT NULL REFERENCES notices (id),
    route           TEXT NOT NULL,
    subject_key     TEXT NOT NULL,
    opened_at       INTEGER NOT NULL,
    escalate_at     INTEGER,
    escalated_at    INTEGER,
    acknowledged_at INTEGER,
    acknowledged_by TEXT,
    resolved_at     INTEGER,
    PRIMARY KEY (notice_id, route)
);
CREATE INDEX ix_alerts_open ON alerts (route, subject_key) WHERE resolved_at IS NULL;

-- Where each consumer of the event log stands.
CREATE TABLE event_cursors (
    consumer TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL
);
