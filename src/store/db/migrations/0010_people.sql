-- People: the engineers behind the evidence. A person has a name and aliases (other spellings,
-- emails, chat or GitHub handles); interview participants, transcript speakers, ticket reporters
-- and identifiable survey respondents are linked to a person when one of its aliases names them,
-- so "distinct people" and reach count persons, not strings.
CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    team_id    INTEGER REFERENCES teams (id),
    role       TEXT NOT NULL DEFAULT '',
    tenure     TEXT NOT NULL DEFAULT '',   -- as the PM writes it: "3 years", "since 2022-04"
    created_at TEXT NOT NULL
);

CREATE TABLE person_aliases (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,               -- as written: "Dana Ruiz", "dana@acme.io", "@druiz"
    key       TEXT NOT NULL UNIQUE,        -- normalized: lower case, spaces collapsed, no leading @
    kind      TEXT NOT NULL CHECK (kind IN ('name', 'email', 'handle'))
);
CREATE INDEX person_aliases_person ON person_aliases (person_id);
