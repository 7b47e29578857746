-- Remote probes: results carry the location they were taken from (NULL: this server's own, monitoring.location).
ALTER TABLE check_results ADD COLUMN location TEXT;

-- One row per probe agent. Its API token (scope 'probe') is in api_tokens; the token names the probe, the probe
-- names its location. last_sequence makes a replayed batch idempotent: a batch at or below it is acknowledged
-- and not recorded again. instance is the probe's data folder: a new one (a reinstalled probe) restarts the count.
CREATE TABLE probes (
    name            TEXT PRIMARY KEY,
    location        TEXT NOT NULL,
    token_id        TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    revoked_at      INTEGER,
    version         TEXT,
    instance        TEXT,
    last_contact_at INTEGER,
    last_batch_id   TEXT,
    last_sequence   INTEGER NOT NULL DEFAULT 0,
    batches         INTEGER NOT NULL DEFAULT 0,
    results         INTEGER NOT NULL DEFAULT 0,
    dropped         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_probes_token ON probes (token_id);
