-- The latest parity report of each policy: primary and standby compared request by request and name by name.
-- drift_signatures tells the next run which differences were already alerted.
CREATE TABLE failover_parity (
    policy_id        TEXT PRIMARY KEY,
    at               BIGINT NOT NULL,
    drift            INTEGER NOT NULL,
    drift_signatures TEXT NOT NULL,
    report_json      TEXT NOT NULL
);

-- Every parity run's outcome, the newest kept per policy, so that a clean run is visible too.
CREATE TABLE failover_parity_runs (
    policy_id   TEXT NOT NULL,
    at          BIGINT NOT NULL,
    drift       INTEGER NOT NULL,
    outcome     TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    PRIMARY KEY (policy_id, at)
);
