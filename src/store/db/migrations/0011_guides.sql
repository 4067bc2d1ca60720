-- Interview guides: a named list of questions, grouped in sections, each with an optional hint and
-- follow-ups. An interview that followed a guide is linked to it; its sections (a transcript's
-- turns, a typed interview's headings) are matched to the questions when read, never stored, so
-- editing a guide or re-importing a transcript re-matches at once.
CREATE TABLE guides (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);

CREATE TABLE guide_questions (
    guide_id   INTEGER NOT NULL REFERENCES guides (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,            -- 1-based position: "question 3"
    section    TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL,
    hint       TEXT NOT NULL DEFAULT '',    -- the "Nudge" the interviewer may use
    follow_ups TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    PRIMARY KEY (guide_id, seq)
);

CREATE TABLE guide_interviews (
    guide_id    INTEGER NOT NULL REFERENCES guides (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (guide_id, document_id)
);
CREATE INDEX guide_interviews_document ON guide_interviews (document_id);
