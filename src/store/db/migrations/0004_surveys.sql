-- Schema 4: surveys. A survey is one questionnaire (identified by its format and columns); each
-- respondent keeps the row exactly as exported, and each answer is stored per question so
-- summaries and facets are plain queries. Free-text answers are also `survey_response` documents.

CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,  -- format + column layout: the next export finds it again
    name        TEXT NOT NULL,
    format      TEXT NOT NULL,
    source_path TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- One column of the export: a question, a respondent attribute, or metadata.
CREATE TABLE survey_questions (
    id         INTEGER PRIMARY KEY,
    survey_id  INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    column_key TEXT NOT NULL,          -- the header (Qualtrics: the column id, e.g. QID1)
    text       TEXT NOT NULL,          -- the question as asked
    role       TEXT NOT NULL,          -- likert, nps, single, multiple, numeric, text, team, ...
    scale      TEXT NOT NULL DEFAULT '[]', -- JSON: the ordered labels of a Likert scale
    UNIQUE (survey_id, column_key)
);

CREATE TABLE survey_respondents (
    id         INTEGER PRIMARY KEY,
    survey_id  INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    source_key TEXT NOT NULL,          -- response id, or timestamp (+ #n), or line
    line       INTEGER NOT NULL,
    submitted  TEXT,                   -- RFC 3339
    batch_id   INTEGER REFERENCES import_batches (id),
    UNIQUE (survey_id, source_key)
);

CREATE TABLE survey_answers (
    respondent_id INTEGER NOT NULL REFERENCES survey_respondents (id) ON DELETE CASCADE,
    question_id   INTEGER NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
    value         TEXT NOT NULL,
    document_id   INTEGER REFERENCES documents (id) ON DELETE SET NULL,
    PRIMARY KEY (respondent_id, question_id)
) WITHOUT ROWID;
CREATE INDEX survey_answers_question ON survey_answers (question_id);
CREATE INDEX survey_answers_document ON survey_answers (document_id);

-- What an import batch did to each respondent: `previous` is the JSON snapshot before the batch
-- updated it, or NULL when the batch created it.
CREATE TABLE survey_changes (
    batch_id      INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    respondent_id INTEGER NOT NULL,
    survey_id     INTEGER NOT NULL,
    previous      TEXT,
    PRIMARY KEY (batch_id, respondent_id)
) WITHOUT ROWID;
CREATE INDEX survey_changes_respondent ON survey_changes (respondent_id);
