-- Schema 3: notes and transcripts imported from a folder of Markdown or text files.
CREATE TABLE notes (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    path        TEXT NOT NULL,           -- relative to the imported folder
    participant TEXT NOT NULL DEFAULT ''
);
