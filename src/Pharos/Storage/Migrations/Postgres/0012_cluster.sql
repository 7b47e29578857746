-- The lease of each leader role: its term is the fencing token of every leader-only write.
CREATE TABLE cluster_lease (
    name       TEXT PRIMARY KEY,
    holder     TEXT,
    term       BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    holder_pid BIGINT
);

-- Every node that runs or ran against this database, with what it runs; a node is alive while last_seen is recent.
CREATE TABLE cluster_nodes (
    node_id     TEXT PRIMARY KEY,
    instance_id TEXT NOT NULL,
    roles       TEXT NOT NULL,
    version     TEXT NOT NULL,
    host        TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    leader_term BIGINT
);

-- The builtin zones as the leader last published them: every other node serves the same records at the same serial.
CREATE TABLE builtin_zone_state (
    zone       TEXT PRIMARY KEY,
    serial     BIGINT NOT NULL,
    sides_json TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
