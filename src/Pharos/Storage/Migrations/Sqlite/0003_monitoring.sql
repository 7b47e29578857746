-- Monitoring: raw check results, rollups, check and component state. Times are Unix milliseconds UTC.

-- Every result, kept monitoring.raw_retention (7 days by default); rows arrive in time order, so pruning
-- walks the rowid from the start.
CREATE TABLE check_results (
    check_id   TEXT NOT NULL,
    at         INTEGER NOT NULL,
    outcome    INTEGER NOT NULL, -- 0 up, 1 degraded, 2 down
    latency_ms REAL NOT NULL,
    message    TEXT
);
CREATE INDEX ix_check_results_check_at ON check_results (check_id, at);

-- Counts and latency per check (hour 'h', UTC day 'd') or component (also per minute 'm'). Written by adding
-- to the row, so batches from any writer combine. h0..h11 count latencies up to 5, 10, 25, 50, 100, 250, 500,
-- 1000, 2500, 5000, 10000 ms and above, which is enough for percentiles that can be merged across buckets.
CREATE TABLE rollups (
    scope          TEXT NOT NULL, -- 'check' or 'component'
    subject_id     TEXT NOT NULL,
    granularity    TEXT NOT NULL,
    bucket         INTEGER NOT NULL,
    total          INTEGER NOT NULL,
    up             INTEGER NOT NULL,
    degraded       INTEGER NOT NULL,
    down           INTEGER NOT NULL,
    latency_sum_ms REAL NOT NULL,
    latency_max_ms REAL NOT NULL,
    h0 INTEGER NOT NULL, h1 INTEGER NOT NULL, h2 INTEGER NOT NULL, h3 INTEGER NOT NULL, h4 INTEGER NOT NULL, h5 INTEGER NOT NULL,
    h6 INTEGER NOT NULL, h7 INTEGER NOT NULL, h8 INTEGER NOT NULL, h9 INTEGER NOT NULL, h10 INTEGER NOT NULL, h11 INTEGER NOT NULL,
    PRIMARY KEY (scope, subject_id, granularity, bucket)
) WITHOUT ROWID;

-- Each check's state after hysteresis, written when it changes, so a restart neither re-opens nor re-alerts.
CREATE TABLE check_states (
    check_id         TEXT PRIMARY KEY,
    health           TEXT NOT NULL,
    since            INTEGER,
    message          TEXT,
    last_ping_at     INTEGER, -- heartbeats: the job's last call
    last_ping_failed INTEGER NOT NULL DEFAULT 0
);

-- What the checks say about each component now, and the automatic incident opened for it, if any.
CREATE TABLE component_health (
    component_id TEXT PRIMARY KEY,
    status       TEXT NOT NULL,
    since        INTEGER NOT NULL,
    incident_id  TEXT
);

-- Every change of a component's check-derived status: the source of the 90-day bars and uptime figures.
CREATE TABLE component_health_log (
    component_id TEXT NOT NULL,
    at           INTEGER NOT NULL,
    status       TEXT NOT NULL,
    PRIMARY KEY (component_id, at)
);
