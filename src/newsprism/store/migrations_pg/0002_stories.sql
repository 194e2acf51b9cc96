-- Stories, which article belongs to which, and the history of each story.

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    merged_into TEXT REFERENCES stories(id)
);
CREATE INDEX stories_updated ON stories (updated_at);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id),
    position INTEGER NOT NULL
);
CREATE INDEX story_articles_story ON story_articles (story_id, position);

CREATE TABLE story_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id),
    kind TEXT NOT NULL CHECK (kind IN ('created', 'joined', 'merged', 'split', 'updated')),
    at TEXT NOT NULL,
    article_ids JSONB NOT NULL,
    detail JSONB NOT NULL
);
CREATE INDEX story_events_story ON story_events (story_id, seq);
