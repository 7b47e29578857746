-- The latest live-record audit of each policy: what every nameserver (and the provider's API) served against what
-- the live side should be. drift_signatures tells the next run which drift was already alerted.
CREATE TABLE failover_record_audit (
    policy_id        TEXT PRIMARY KEY,
    at               BIGINT NOT NULL,
    drift            INTEGER NOT NULL,
    drift_signatures TEXT NOT NULL,
    result_json      TEXT NOT NULL
);

-- Every audit run's outcome, the newest kept per policy, so that a run that found nothing is visible too.
CREATE TABLE failover_record_audit_runs (
    policy_id   TEXT NOT NULL,
    at          BIGINT NOT NULL,
    drift       INTEGER NOT NULL,
    outcome     TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    PRIMARY KEY (policy_id, at)
);
