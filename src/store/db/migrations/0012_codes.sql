-- Passage-level coding: a hierarchical codebook, and highlights anchored in a document's text.
-- A highlight keeps its character offsets in the document body and the text itself with some
-- context before and after, so an edit above it moves it instead of breaking it; one that can no
-- longer be found is flagged `lost`, never silently moved. Purging a document purges its
-- highlights; a document in the trash keeps them for its restore.
CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES codes (id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    color       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
-- One name per parent, top-level codes included (a NULL parent is not unique in SQLite).
CREATE UNIQUE INDEX codes_name ON codes (COALESCE(parent_id, 0), name COLLATE NOCASE);

CREATE TABLE highlights (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,             -- characters (Unicode scalar values) into the body
    end         INTEGER NOT NULL,             -- exclusive
    text        TEXT NOT NULL,                -- the body's characters start..end when anchored
    before      TEXT NOT NULL DEFAULT '',     -- up to 32 characters before, to re-anchor
    after       TEXT NOT NULL DEFAULT '',     -- up to 32 characters after
    status      TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'lost')),
    created_at  TEXT NOT NULL
);
CREATE INDEX highlights_document ON highlights (document_id);

CREATE TABLE highlight_codes (
    highlight_id INTEGER NOT NULL REFERENCES highlights (id) ON DELETE CASCADE,
    code_id      INTEGER NOT NULL REFERENCES codes (id),
    PRIMARY KEY (highlight_id, code_id)
);
CREATE INDEX highlight_codes_code ON highlight_codes (code_id);
