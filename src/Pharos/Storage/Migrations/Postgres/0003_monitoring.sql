-- Monitoring: raw check results, rollups, check and component state. Times are Unix milliseconds UTC.

-- Every result, kept monitoring.raw_retention (7 days by default); pruning deletes by ctid in small steps.
CREATE TABLE check_results (
    check_id   TEXT NOT NULL,
    at         BIGINT NOT NULL,
    outcome    INTEGER NOT NULL, -- 0 up, 1 degraded, 2 down
    latency_ms DOUBLE PRECISION NOT NULL,
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
    bucket         BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    up             BIGINT NOT NULL,
    degraded       BIGINT NOT NULL,
    down           BIGINT NOT NULL,
    latency_sum_ms DOUBLE PRECISION NOT NULL,
    latency_max_ms DOUBLE PRECISION NOT NULL,
    h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL, h4 BIGINT NOT NULL, h5 BIGINT NOT NULL,
    h6 BIGINT NOT NULL, h7 BIGINT NOT NULL, h8 BIGINT NOT NULL, h9 BIGINT NOT NULL, h10 BIGINT NOT NULL, h11 BIGINT NOT NULL,
    PRIMARY KEY (scope, subject_id, granularity, bucket)
);

-- Each check's state after hysteresis, written when it changes, so a restart neither re-opens nor re-alerts.
CREATE TABLE check_states (
    check_id         TEXT PRIMARY KEY,
    health           TEXT NOT NULL,
    since            BIGINT,
    message          TEXT,
    last_ping_at     BIGINT, -- heartbeats: the job's last call
    last_ping_failed INTEGER NOT NULL DEFAULT 0
);

-- What the checks say about each component now, and the automatic incident opened for it, if any.
CREATE TABLE component_health (
    component_id TEXT PRIMARY KEY,
    status       TEXT NOT NULL,
    since        BIGINT NOT NULL,
    incident_id  TEXT
);

-- Every change of a component's check-derived status: the source of the 90-day bars and uptime figures.
CREATE TABLE component_health_log (
    component_id TEXT NOT NULL,
    at           BIGINT NOT NULL,
    status       TEXT NOT NULL,
    PRIMARY KEY (component_id, at)
);
