-- Schema 15: what the track record says about a planned item is kept apart from what the user
-- typed. Before, `learn --apply` wrote confidence × factor over the typed confidence, so applying
-- twice compounded (0.5 → 0.75 → 1.0) and a typed range was lost. Now the factor is stored here
-- and applied when the ranking reads the item: applying again replaces it with the same factor.
-- Never edit a migration once released: add a new numbered file instead.
CREATE TABLE item_track_records (
    item_id    INTEGER PRIMARY KEY REFERENCES roadmap_items (id) ON DELETE CASCADE,
    factor     REAL NOT NULL CHECK (factor > 0),  -- what confidence is multiplied by (shrunk toward 1)
    raw        REAL NOT NULL,                     -- the precedents' mean realized ÷ expected
    precedents INTEGER NOT NULL CHECK (precedents > 0),
    spread     REAL NOT NULL,                     -- their standard deviation (0 for one)
    applied_at TEXT NOT NULL
);
