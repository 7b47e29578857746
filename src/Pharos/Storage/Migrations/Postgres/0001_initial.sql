-- Times are Unix milliseconds in UTC: one representation for every dialect, sortable, free of zone rules.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row whose version rises with every committed change, so readers in other processes notice writes cheaply.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);

CREATE TABLE incidents (
    id                      TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    status                  TEXT NOT NULL,
    impact                  TEXT NOT NULL,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    started_at              BIGINT NOT NULL,
    monitoring_at           BIGINT,
    resolved_at             BIGINT,
    postmortem_body         TEXT,
    postmortem_published_at BIGINT,
    backfilled              INTEGER NOT NULL DEFAULT 0,
    automated               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_incidents_started_at ON incidents (started_at);
CREATE INDEX ix_incidents_status ON incidents (status);

CREATE TABLE incident_components (
    incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    component_id TEXT NOT NULL,
    status       TEXT NOT NULL,
    PRIMARY KEY (incident_id, component_id)
);

CREATE TABLE incident_updates (
    id                TEXT PRIMARY KEY,
    incident_id       TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    status            TEXT NOT NULL,
    body              TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    display_at        BIGINT NOT NULL,
    component_changes TEXT
);
CREATE INDEX ix_incident_updates_incident ON incident_updates (incident_id);

CREATE TABLE maintenances (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    status          TEXT NOT NULL,
    impact          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    scheduled_for   BIGINT NOT NULL,
    scheduled_until BIGINT NOT NULL,
    started_at      BIGINT,
    completed_at    BIGINT,
    auto_start      INTEGER NOT NULL DEFAULT 1,
    auto_complete   INTEGER NOT NULL DEFAULT 1,
    sequence        BIGINT NOT NULL DEFAULT 0,
    cancelled       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_maintenances_window ON maintenances (scheduled_until);

CREATE TABLE maintenance_components (
    maintenance_id TEXT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
    component_id   TEXT NOT NULL,
    PRIMARY KEY (maintenance_id, component_id)
);

CREATE TABLE maintenance_updates (
    id                TEXT PRIMARY KEY,
    maintenance_id    TEXT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
    status            TEXT NOT NULL,
    body              TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    display_at        BIGINT NOT NULL,
    component_changes TEXT
);
CREATE INDEX ix_maintenance_updates_maintenance ON maintenance_updates (maintenance_id);
