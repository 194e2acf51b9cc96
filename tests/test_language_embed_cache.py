"""The embedder encodes each different text once while it stays among the last used."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.language import models


class _CountingEncoder:
    """Stands in for the sentence embedder: a vector per text from its length."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        self.seen.extend(texts)
        vectors = np.zeros((len(texts), models.EMBEDDING_DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row, len(text) % models.EMBEDDING_DIM] = 1.0
        return vectors


@pytest.fixture
def encoder(monkeypatch: pytest.MonkeyPatch) -> _CountingEncoder:
    fake = _CountingEncoder()
    monkeypatch.setattr(models, "embedder", lambda: fake)
    monkeypatch.setattr(models, "_cache", type(models._cache)())
    return fake


def test_each_text_is_encoded_once_and_rows_follow_the_input(encoder: _CountingEncoder) -> None:
    first = models.embed(["the quay", "ships", "the quay"])
    assert encoder.seen == ["the quay", "ships"]
    assert first.shape == (3, models.EMBEDDING_DIM) and first.dtype == np.float32
    assert np.array_equal(first[0], first[2]) and not np.array_equal(first[0], first[1])
    again = models.embed(["ships", "a new text"])
    assert encoder.seen == ["the quay", "ships", "a new text"]
    assert np.array_equal(again[0], first[1])


def test_the_cache_keeps_only_the_most_recently_used(encoder: _CountingEncoder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "EMBED_CACHE", 2)
    models.embed(["one", "two"])
    models.embed(["one"])  # "one" is now the most recent, "two" the oldest
    models.embed(["three"])  # pushes "two" out
    models.embed(["one", "two"])
    assert encoder.seen == ["one", "two", "three", "two"]
    assert len(models._cache) == 2
