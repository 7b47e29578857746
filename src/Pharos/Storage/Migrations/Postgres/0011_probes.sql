-- Remote probes: results carry the location they were taken from (NULL: this server's own, monitoring.location).
ALTER TABLE check_results ADD COLUMN location TEXT;

-- One row per probe agent; see the SQLite migration of the same name for what each column means.
CREATE TABLE probes (
    name            TEXT PRIMARY KEY,
    location        TEXT NOT NULL,
    token_id        TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    created_by      TEXT NOT NULL,
    revoked_at      BIGINT,
    version         TEXT,
    instance        TEXT,
    last_contact_at BIGINT,
    last_batch_id   TEXT,
    last_sequence   BIGINT NOT NULL DEFAULT 0,
    batches         BIGINT NOT NULL DEFAULT 0,
    results         BIGINT NOT NULL DEFAULT 0,
    dropped         BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_probes_token ON probes (token_id);
