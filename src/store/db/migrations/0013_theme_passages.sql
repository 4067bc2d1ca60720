-- Themes stand on passages: a theme's evidence is what its query finds, together with the
-- documents holding passages of its codes, less the documents the user said are not about it.
-- A pinned quote is now a coded passage too (`quotes.highlight_id`): the theme's own code
-- (a code linked to it) marks the passage, so it is drawn in the reader and re-anchored on edits.
CREATE TABLE theme_codes (
    theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    code_id  INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
    PRIMARY KEY (theme_id, code_id)
);
CREATE INDEX theme_codes_code ON theme_codes (code_id);

CREATE TABLE theme_rejections (
    theme_id    INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (theme_id, document_id)
);

-- Passages the user said are not like a code's ("find more like these" shows them no more).
CREATE TABLE code_rejections (
    code_id     INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (code_id, document_id, start, end)
);

ALTER TABLE quotes ADD COLUMN highlight_id INTEGER REFERENCES highlights (id) ON DELETE SET NULL;
