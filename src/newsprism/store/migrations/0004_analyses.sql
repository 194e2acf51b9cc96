-- Each stored story's last analysis (what `newsprism show` and `stories --html` show), kept
-- so that a story that has not changed is not analysed again. key: a hash of everything the
-- analysis reads (the story, its articles as stored, the options, and this newsprism's code
-- and models); an analysis under another key is stale and is replaced when the story is
-- analysed again. body: the analysis as JSON, zlib-compressed.
CREATE TABLE analyses (
    story_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    body BLOB NOT NULL,
    saved_at TEXT NOT NULL
);
