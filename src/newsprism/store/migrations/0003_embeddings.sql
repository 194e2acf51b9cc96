-- The story clusterer's article embeddings, kept so that re-reading a story's articles
-- (an ingest checkpoint, a review, an editor's correction) does not run the model again.
-- key: a hash of the embedding model and the text embedded; vector: int8, as the
-- clusterer keeps it. Content-addressed: a revised text gets a new key, and a key is
-- written once.
CREATE TABLE embeddings (
    key TEXT PRIMARY KEY,
    vector BLOB NOT NULL
);
