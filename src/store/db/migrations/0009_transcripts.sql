-- Interviews imported from transcripts: the turns they are made of, who spoke each and in which
-- role. The interview's document body holds what the participants said (the evidence); the
-- interviewer's turns are kept here and indexed apart.
ALTER TABLE interviews ADD COLUMN transcript_format TEXT; -- NULL for interviews typed in the app

CREATE TABLE interview_turns (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,            -- 0-based order in the transcript
    speaker     TEXT NOT NULL DEFAULT '',    -- who spoke: the person the label was mapped to, else the label
    label       TEXT NOT NULL DEFAULT '',    -- the speaker label as written in the file ('' when it names none)
    role        TEXT NOT NULL DEFAULT 'participant'
                CHECK (role IN ('participant', 'interviewer')),
    start_ms    INTEGER,                     -- offset into the recording, when the file gives one
    text        TEXT NOT NULL,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;
