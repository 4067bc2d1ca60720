-- Schema 6: roadmap items, their inputs and evidence links, saved scoring models and snapshots.

CREATE TABLE roadmap_items (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    owner          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'idea'
                   CHECK (status IN ('idea', 'planned', 'in_progress', 'shipped', 'dropped')),
    effort         REAL CHECK (effort IS NULL OR effort > 0),      -- person-weeks
    effort_low     REAL CHECK (effort_low IS NULL OR effort_low > 0),
    effort_high    REAL CHECK (effort_high IS NULL OR effort_high > 0),
    target_metric  TEXT NOT NULL DEFAULT '',
    exception_team INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- Every status an item has been in, with the date it entered it.
CREATE TABLE roadmap_status_changes (
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    status  TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX roadmap_status_changes_item ON roadmap_status_changes (item_id);

CREATE TABLE roadmap_item_teams (
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, team_id)
) WITHOUT ROWID;

-- Inputs typed by hand (`reach`, `impact`, ...), optionally with a low–high range.
CREATE TABLE roadmap_inputs (
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    value   REAL NOT NULL,
    low     REAL,
    high    REAL,
    PRIMARY KEY (item_id, key)
) WITHOUT ROWID;

-- Evidence behind an item: a theme (its matches, recounted), a document, or a quoted passage.
CREATE TABLE roadmap_links (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    theme_id    INTEGER REFERENCES themes (id) ON DELETE CASCADE,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    quote       TEXT,
    created_at  TEXT NOT NULL,
    CHECK ((theme_id IS NULL) <> (document_id IS NULL)),
    CHECK (quote IS NULL OR document_id IS NOT NULL)
);
CREATE INDEX roadmap_links_item ON roadmap_links (item_id);
CREATE UNIQUE INDEX roadmap_links_theme ON roadmap_links (item_id, theme_id) WHERE theme_id IS NOT NULL;
CREATE UNIQUE INDEX roadmap_links_document ON roadmap_links (item_id, document_id)
    WHERE document_id IS NOT NULL AND quote IS NULL;

-- A model saved in this workspace; a saved model named like a preset replaces the preset.
CREATE TABLE scoring_models (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    config     TEXT NOT NULL,                  -- JSON: kind, criteria, formula, ROI settings
    updated_at TEXT NOT NULL
);

-- A saved ranking: every item's rank, score and inputs at the time, for "what moved and why".
CREATE TABLE ranking_snapshots (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    model      TEXT NOT NULL,
    payload    TEXT NOT NULL,                  -- JSON: the ranking
    created_at TEXT NOT NULL
);
