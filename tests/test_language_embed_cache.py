"""The embedder encodes each different text once while it stays among the last used."""

from __future__ import annotations

import threading
import time

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


def test_a_long_call_encodes_in_turns_and_lets_another_caller_in_between(
        encoder: _CountingEncoder, monkeypatch: pytest.MonkeyPatch) -> None:
    """An analysis embedding many texts holds the embedder a turn at a time: another
    thread (an article being added) gets the next turn, not the end of the call."""
    monkeypatch.setattr(models, "EMBED_TURN", 3)
    calls: list[tuple[str, int]] = []
    second_started = threading.Event()
    inner = encoder.encode

    def encode(texts: list[str], **kwargs: object) -> np.ndarray:
        calls.append((threading.current_thread().name, len(texts)))
        if len(calls) == 1:  # the long call's first turn: let the other caller queue up
            other.start()
            second_started.wait(10)
            time.sleep(0.2)  # time for it to ask for its turn
        return inner(texts, **kwargs)

    monkeypatch.setattr(encoder, "encode", encode)
    other = threading.Thread(target=lambda: (second_started.set(), models.embed(["an added article"])), name="add")
    long_call = [f"claim number {k}" for k in range(10)]
    vectors = models.embed(long_call)
    other.join(10)
    assert [size for _, size in calls if _ != "add"] == [3, 3, 3, 1]  # turns of EMBED_TURN
    names = [name for name, _ in calls]
    assert "add" in names and names.index("add") < len(names) - 1  # served before the long call ended
    assert vectors.shape == (10, models.EMBEDDING_DIM)
