-- Every save raises the row's revision; a save computed from an older revision is refused (optimistic concurrency).
ALTER TABLE incidents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE maintenances ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- What followed each change, written in the change's own transaction (the after-commit events). Readers keep their
-- own position in this log (sequence), so a consumer that was down catches up from where it stopped.
CREATE TABLE domain_events (
    sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    update_id    TEXT,
    status       TEXT,
    actor        TEXT NOT NULL
);
CREATE INDEX ix_domain_events_subject ON domain_events (subject_type, subject_id);
