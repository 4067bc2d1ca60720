-- Schema 8: the trash (what an ordinary action removed, kept whole until purged), document
-- versions (a save over a newer version is a conflict), what each import wrote (so an undone
-- import can be redone), and an outbox whose ids are never reused.
-- Never edit a migration once released: add a new numbered file instead.

-- One entry per action that removed something: an undone import, a survey re-import that dropped
-- answers, a deleted interview, theme or roadmap item. Documents it removed point at it
-- (documents.trash_id, with deleted_at set); themes and items are kept as a JSON snapshot with their
-- quotes and links in `payload`.
CREATE TABLE trash (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('import_undo', 'survey_reimport', 'interview', 'theme', 'item')),
    label      TEXT NOT NULL,
    batch_id   INTEGER REFERENCES import_batches (id),
    payload    TEXT,
    created_at TEXT NOT NULL
);

ALTER TABLE documents ADD COLUMN trash_id INTEGER REFERENCES trash (id);
CREATE INDEX documents_trash ON documents (trash_id) WHERE trash_id IS NOT NULL;

-- Incremented by every save; a save names the version it edited.
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- What the batch wrote to the document (JSON, as `previous`), recorded when the batch is undone so
-- redo can write it again.
ALTER TABLE import_changes ADD COLUMN written TEXT;

-- AUTOINCREMENT: an id is never handed out twice, so acknowledging drained rows cannot remove a
-- change queued later under a reused id.
CREATE TABLE outbox_next (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL,
    queued_at   TEXT NOT NULL
);
INSERT INTO outbox_next (id, document_id, queued_at) SELECT id, document_id, queued_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
