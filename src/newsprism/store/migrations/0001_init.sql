-- Articles, their revisions, the full-text index, ingest failures and opaque state blobs.

-- One row per article identity; its content lives in article_revisions.
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,              -- stable integer key, also the FTS rowid
    id TEXT NOT NULL UNIQUE,
    latest_revision INTEGER NOT NULL,
    first_seen TEXT NOT NULL,             -- ISO 8601 UTC
    updated_at TEXT NOT NULL
);

-- Every version of every article; (article_id, revision) is the key.
CREATE TABLE article_revisions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    dedup_hash TEXT NOT NULL,             -- content_hash, or sha256(title, text) when empty
    added_at TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    authors TEXT NOT NULL,                -- JSON list of strings
    published TEXT,
    dateline TEXT,
    language TEXT,
    story TEXT,
    text TEXT NOT NULL,
    headings TEXT NOT NULL,               -- JSON list of {start, end}
    removed TEXT NOT NULL,                -- JSON list of {text, reason, line}
    evidence TEXT NOT NULL,               -- JSON list of {field, value, source}
    content_hash TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',     -- JSON object: Article fields without a column
    PRIMARY KEY (article_id, revision)
);
CREATE INDEX article_revisions_dedup ON article_revisions (dedup_hash);
CREATE INDEX article_revisions_outlet ON article_revisions (outlet);

-- Every URL an article was seen at, so a changed page becomes a revision.
CREATE TABLE article_urls (
    url TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);

-- Full-text index over the latest revision of each article (rowid = articles.seq),
-- written by the store in the same transaction as the revision.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE failures (
    seq INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source, reason)
);

CREATE TABLE state (
    name TEXT PRIMARY KEY,
    blob BLOB NOT NULL,
    updated_at TEXT NOT NULL
);
