-- Articles, their revisions, full-text search, ingest failures and opaque state blobs.
-- The same schema as the SQLite migrations; JSON columns are jsonb and the full-text
-- index is a generated tsvector column with a GIN index.

CREATE TABLE articles (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    latest_revision INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE article_revisions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    dedup_hash TEXT NOT NULL,
    added_at TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    authors JSONB NOT NULL,
    published TEXT,
    dateline TEXT,
    language TEXT,
    story TEXT,
    text TEXT NOT NULL,
    headings JSONB NOT NULL,
    removed JSONB NOT NULL,
    evidence JSONB NOT NULL,
    content_hash TEXT NOT NULL,
    extra JSONB NOT NULL DEFAULT '{}',
    search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', text), 'B')
    ) STORED,
    PRIMARY KEY (article_id, revision)
);
CREATE INDEX article_revisions_dedup ON article_revisions (dedup_hash);
CREATE INDEX article_revisions_outlet ON article_revisions (outlet);
CREATE INDEX article_revisions_search ON article_revisions USING GIN (search);

CREATE TABLE article_urls (
    url TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);

CREATE TABLE failures (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source, reason)
);

CREATE TABLE state (
    name TEXT PRIMARY KEY,
    blob BYTEA NOT NULL,
    updated_at TEXT NOT NULL
);
