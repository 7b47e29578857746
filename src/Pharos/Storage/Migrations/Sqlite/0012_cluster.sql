-- The lease of each leader role: its term is the fencing token of every leader-only write.
CREATE TABLE cluster_lease (
    name       TEXT PRIMARY KEY,
    holder     TEXT,
    term       INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    holder_pid INTEGER
);

-- Every node that runs or ran against this database, with what it runs; a node is alive while last_seen is recent.
CREATE TABLE cluster_nodes (
    node_id     TEXT PRIMARY KEY,
    instance_id TEXT NOT NULL,
    roles       TEXT NOT NULL,
    version     TEXT NOT NULL,
    host        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    leader_term INTEGER
);

-- The builtin zones as the leader last published them: every other node serves the same records at the same serial.
CREATE TABLE builtin_zone_state (
    zone       TEXT PRIMARY KEY,
    serial     INTEGER NOT NULL,
    sides_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
