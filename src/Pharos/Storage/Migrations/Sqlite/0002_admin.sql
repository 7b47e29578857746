-- Accounts, API tokens, the audit log and idempotency records for the admin UI and /api/v1.
-- Times are Unix milliseconds in UTC, as in 0001.

CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    password_hash       TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    -- Base32 TOTP secret once enrolment is confirmed; NULL while 2FA is off.
    totp_secret         TEXT,
    -- The last 30-second step whose code was accepted, so a code cannot be used twice.
    totp_last_step      INTEGER NOT NULL DEFAULT 0,
    -- Failed sign-ins counted from failed_window_start; the account locks when too many fall in one window.
    failed_count        INTEGER NOT NULL DEFAULT 0,
    failed_window_start INTEGER NOT NULL DEFAULT 0,
    locked_until        INTEGER NOT NULL DEFAULT 0,
    -- Raised when the password or 2FA changes, so older cookies stop working.
    security_stamp      TEXT NOT NULL
);

CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    -- The first characters of the token, shown in lists so an operator can tell tokens apart; not a secret.
    prefix       TEXT NOT NULL,
    -- SHA-256 of the whole token, hex: the token is 256 random bits, so a fast hash is enough and lookups stay cheap.
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor_kind  TEXT NOT NULL,  -- user, token or cli
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    address     TEXT,
    action      TEXT NOT NULL,  -- incident.create, incident.update.edit, token.revoke, ...
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_target ON audit_log (target_type, target_id);

-- Responses to POSTs that carried an Idempotency-Key, replayed when the same client sends the same key again.
CREATE TABLE idempotency_keys (
    owner         TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status_code   INTEGER,          -- NULL while the first request is still running
    content_type  TEXT,
    response_body BLOB,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (owner, key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
