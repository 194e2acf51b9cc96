"""The archive keeps each article's embedding in the store (SQLite and PostgreSQL), so
re-reading a story (checkpoint, review, editor's correction) never runs the model again,
and stories bigger than the vectors the clusterer's state keeps are split at ingest."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np
import pytest

from newsprism.archive import StoredEmbedder, review_archive
from newsprism.store import open_store
from newsprism.stories import ClusterParams, StoryClusterer
from newsprism.stories.features import quantize
from tests.stories_fixtures import fake_embed, fixture_articles, ingest_quakes_as_one_story

pytest_plugins = ("tests.store_support",)


class _Counting:
    """``fake_embed`` that records every text it is asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return fake_embed(texts)


def test_store_keeps_embeddings_by_key(store) -> None:
    assert store.load_embeddings(["nope"]) == {}
    store.save_embeddings({"k1": b"\x01\x02", "k2": b"\xff" * 384})
    assert store.load_embeddings(["k2", "k1", "k3", "k1"]) == {"k1": b"\x01\x02", "k2": b"\xff" * 384}
    store.save_embeddings({"k1": b"\x09\x09"})  # saved again: the new vector replaces it
    assert store.load_embeddings(["k1"]) == {"k1": b"\x09\x09"}
    many = {f"key{i}": bytes([i % 256]) * 4 for i in range(1200)}  # more keys than one query takes
    store.save_embeddings(many)
    assert store.load_embeddings(list(many)) == many


def test_stored_embedder_runs_the_model_once_per_text_and_returns_what_the_clusterer_keeps(
        store, monkeypatch) -> None:
    counting = _Counting()
    monkeypatch.setattr("newsprism.language.models.embed", counting)
    embedder = StoredEmbedder(store)
    texts = ["Kestrel Valley quake", "Morrow Ford bridge closed", "Kestrel Valley quake"]
    first = embedder(texts)
    assert sorted(counting.texts) == sorted(set(texts))
    assert np.array_equal(embedder(texts[:1]), first[:1])  # held until flushed, and reused
    assert sorted(counting.texts) == sorted(set(texts))
    assert store.load_embeddings([embedder._key(t) for t in texts]) == {}
    embedder.flush()
    again = StoredEmbedder(store)(list(reversed(texts)))
    assert sorted(counting.texts) == sorted(set(texts))  # nothing embedded the second time
    assert np.array_equal(again, first[::-1])
    # the clusterer quantises what it is given: kept vectors give it the model's own bytes
    assert np.array_equal(quantize(first), quantize(fake_embed(texts)))
    assert StoredEmbedder(store)([]).shape == (0, 384)


def test_stored_embedder_replaces_a_damaged_vector_once(store, monkeypatch) -> None:
    """A kept vector of the wrong length is embedded again and replaced at the next flush,
    so it costs the model once, not at every read."""
    counting = _Counting()
    monkeypatch.setattr("newsprism.language.models.embed", counting)
    text = "Kestrel Valley quake"
    key = StoredEmbedder(store)._key(text)
    store.save_embeddings({key: b"\x01" * 17})
    embedder = StoredEmbedder(store)
    vector = embedder([text])
    assert counting.texts == [text]
    embedder.flush()
    assert store.load_embeddings([key]) == {key: quantize(fake_embed([text]))[0].tobytes()}
    assert np.array_equal(StoredEmbedder(store)([text]), vector) and counting.texts == [text]


def test_stored_embedder_leaves_the_clustering_unchanged(tmp_path) -> None:
    articles, _ = fixture_articles()
    direct = StoryClusterer(embedder=fake_embed)
    with open_store(tmp_path / "news.db") as store, pytest.MonkeyPatch.context() as patch:
        patch.setattr("newsprism.language.models.embed", fake_embed)
        stored = StoryClusterer(embedder=StoredEmbedder(store))
        assert stored.add_many(articles) == direct.add_many(articles)
        assert stored.to_state() == direct.to_state()


def test_ingest_splits_a_story_bigger_than_the_vectors_its_state_keeps_without_embedding_again(
        store_location, monkeypatch) -> None:
    """The state keeps 4 members' vectors (instead of 48); the stream files two quakes, 5
    articles, as one story. The checkpoint still reads the story and splits the second
    quake off, with the fifth vector from the store: each text is embedded once."""
    monkeypatch.setattr("newsprism.stories.clusterer.MAX_VECS", 4)
    counting = _Counting()
    monkeypatch.setattr("newsprism.language.models.embed", counting)
    with open_store(store_location) as store:
        outcome, story = ingest_quakes_as_one_story(store)
        assert story["a0"] == story["a1"] == story["a2"] == "s000000"
        assert story["b0"] == story["b1"] != "s000000"
        assert outcome.split == {story["b0"]: "s000000"}
        assert len(counting.texts) == len(set(counting.texts)) == len(story)
        # `newsprism review` reads every story again: still nothing embedded
        review_archive(store)
        assert len(counting.texts) == len(story)


def test_ingest_splits_a_story_past_its_sample_size(store_location, monkeypatch) -> None:
    """A story of more members than the clusterer reads pairwise (``split_sample``, 2,000
    shipped; 4 here) is split at ingest from a sample of them, the member off the sample
    going with its own quake."""
    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    sampled: list[int] = []
    read_sample = StoryClusterer._sampled_groups

    def spy(self, pairs, members, passes):  # type: ignore[no-untyped-def]
        sampled.append(len(members))
        return read_sample(self, pairs, members, passes)

    monkeypatch.setattr(StoryClusterer, "_sampled_groups", spy)
    with open_store(store_location) as store:
        outcome, story = ingest_quakes_as_one_story(store, ClusterParams(join_probability=0.0, split_sample=4))
        assert sampled == [5]  # the saved state's sample size reached the checkpoint
        assert story["a0"] == story["a1"] == story["a2"] == "s000000"
        assert story["b0"] == story["b1"] != "s000000"
        assert outcome.split == {story["b0"]: "s000000"}


def test_an_archive_without_kept_vectors_embeds_them_once_when_a_review_needs_them(tmp_path, monkeypatch) -> None:
    """An archive from before the store kept vectors: the first review embeds the members
    whose vectors the state does not keep, and keeps them; the next review embeds none."""
    monkeypatch.setattr("newsprism.stories.clusterer.MAX_VECS", 2)
    counting = _Counting()
    monkeypatch.setattr("newsprism.language.models.embed", counting)
    whole = ClusterParams(join_probability=0.0, split_probability=0.0)  # one story, never split
    with open_store(tmp_path / "news.db") as store:
        _, story = ingest_quakes_as_one_story(store, whole)
    with sqlite3.connect(tmp_path / "news.db") as conn:
        conn.execute("DELETE FROM embeddings")  # as if ingested by an older release
    with open_store(tmp_path / "news.db") as store:
        before = len(counting.texts)
        review_archive(store)
        embedded = len(counting.texts) - before
        assert embedded == len(story) - 2  # the members past the 2 vectors the state keeps
        review_archive(store)
        assert len(counting.texts) - before == embedded
