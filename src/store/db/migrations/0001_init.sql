-- Schema 1: teams, documents (the evidence), interviews, tags, the index outbox.
-- Never edit a migration once released: add a new numbered file instead.

CREATE TABLE workspace_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    headcount  INTEGER CHECK (headcount IS NULL OR headcount >= 0),
    created_at TEXT NOT NULL
);

-- One row per piece of research evidence, whatever its kind.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('interview', 'ticket', 'survey_response', 'note')),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    team_id    INTEGER REFERENCES teams (id),
    date       TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX documents_live_kind ON documents (kind, date) WHERE deleted_at IS NULL;
CREATE INDEX documents_team ON documents (team_id);

CREATE TABLE document_tags (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    PRIMARY KEY (document_id, tag)
) WITHOUT ROWID;
CREATE INDEX document_tags_tag ON document_tags (tag);

-- Interview-only fields; the notes live in documents.body.
CREATE TABLE interviews (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    participant TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    interviewer TEXT NOT NULL DEFAULT '',
    pain_points TEXT NOT NULL DEFAULT '[]' -- JSON array of strings
);

-- Written in the same transaction as every document change; drained into tantivy in batches.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL,
    queued_at   TEXT NOT NULL
);
