-- Schema 5: themes (saved queries that recount as evidence arrives) and the quotes pinned to them.

CREATE TABLE themes (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A passage of a document pinned to a theme; it goes when the document is removed for good.
CREATE TABLE quotes (
    id          INTEGER PRIMARY KEY,
    theme_id    INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX quotes_theme ON quotes (theme_id);
CREATE INDEX quotes_document ON quotes (document_id);
