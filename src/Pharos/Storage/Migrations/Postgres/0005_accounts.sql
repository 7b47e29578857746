-- Accounts can be revoked: people are disabled or removed, sessions live on the server, and failed sign-ins slow
-- the next attempts down instead of locking the account (which let strangers lock anyone out).

-- NULL while the user may sign in; the time an admin disabled them otherwise.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;

-- failed_count now counts failures since the last success, forgotten after a quiet spell measured from this.
ALTER TABLE users RENAME COLUMN failed_window_start TO last_failed_at;
ALTER TABLE users DROP COLUMN locked_until;

-- One row per signed-in browser. The cookie carries a random id; only its SHA-256 is kept, so a copy of the
-- database cannot be turned into cookies. Signing out deletes the row; expires_at is the absolute end.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    address    TEXT
);
CREATE INDEX ix_sessions_user ON sessions (user_id);
CREATE INDEX ix_sessions_expires ON sessions (expires_at);
