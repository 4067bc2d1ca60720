-- Delivery metrics: deployment and incident events (DORA metrics are computed from them when
-- read), ready-made series, and what each roadmap item is meant to move.

CREATE TABLE metric_imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('deployments', 'incidents', 'series')),
    file        TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);

-- One deployment of a service. `team` is the team column, else the service. Times are UTC.
CREATE TABLE deployments (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER REFERENCES metric_imports (id) ON DELETE SET NULL,
    key         TEXT NOT NULL,
    service     TEXT NOT NULL,
    team        TEXT NOT NULL,
    deployed_at TEXT NOT NULL,
    lead_time_h REAL,
    failed      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (service, key)
);
CREATE INDEX deployments_team_time ON deployments (team, deployed_at);

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER REFERENCES metric_imports (id) ON DELETE SET NULL,
    key         TEXT NOT NULL,
    service     TEXT NOT NULL,
    team        TEXT NOT NULL,
    severity    TEXT NOT NULL DEFAULT '',
    opened_at   TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (service, key)
);
CREATE INDEX incidents_team_time ON incidents (team, opened_at);

-- A value of a metric for a team (or '' for the organization) on a day.
CREATE TABLE metric_series (
    import_id INTEGER REFERENCES metric_imports (id) ON DELETE SET NULL,
    team      TEXT NOT NULL,
    metric    TEXT NOT NULL,
    day       TEXT NOT NULL,
    value     REAL NOT NULL,
    PRIMARY KEY (team, metric, day)
) WITHOUT ROWID;

-- The metrics a roadmap item should move, with the change its owner expects (relative: -0.2 is
-- 20 % lower), and when it shipped if that differs from the day its status was set.
CREATE TABLE item_metrics (
    item_id  INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    metric   TEXT NOT NULL,
    expected REAL,
    PRIMARY KEY (item_id, metric)
);

CREATE TABLE item_impact (
    item_id    INTEGER PRIMARY KEY REFERENCES roadmap_items (id) ON DELETE CASCADE,
    shipped_on TEXT
);
