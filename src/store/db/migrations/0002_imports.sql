-- Schema 2: import batches (provenance and undo) and tickets.

-- One file (or folder) imported once.
CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    source_path TEXT NOT NULL,
    format      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    imported    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    undone_at   TEXT
);

-- What a batch did to each document: `previous` is the JSON snapshot of the document before the
-- batch updated it, or NULL when the batch created it. Undo replays these backwards.
CREATE TABLE import_changes (
    batch_id    INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL,
    previous    TEXT,
    PRIMARY KEY (batch_id, document_id)
) WITHOUT ROWID;
CREATE INDEX import_changes_document ON import_changes (document_id);

-- The batch that last wrote a document, and its key in the source ("jira:HADOOP-42"), so a
-- re-import updates instead of duplicating.
ALTER TABLE documents ADD COLUMN batch_id INTEGER REFERENCES import_batches (id);
ALTER TABLE documents ADD COLUMN source_key TEXT;
CREATE UNIQUE INDEX documents_source_key ON documents (kind, source_key) WHERE source_key IS NOT NULL;

CREATE TABLE tickets (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT '',
    priority    TEXT NOT NULL DEFAULT '',
    type        TEXT NOT NULL DEFAULT '',
    reporter    TEXT NOT NULL DEFAULT '',
    component   TEXT NOT NULL DEFAULT '',
    created     TEXT,
    resolved    TEXT,
    url         TEXT NOT NULL DEFAULT ''
);
