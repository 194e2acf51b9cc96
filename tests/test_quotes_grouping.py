"""Quote renderings are joined by the same rule whether read pair by pair or in blocks.

``_utterance_groups`` groups the renderings that ``_same_utterance`` joins without a Python
loop over every pair (identical renderings read once, speakers' blocks, rapidfuzz ``cdist``
with cut-offs, a few rows at a time). These properties compare it with the plain reading
of every pair on invented renderings built to sit near the thresholds: rewordings,
truncations, repeats, one- and two-word fragments, and the same words given to other
speakers.
"""

from __future__ import annotations

import random

import pytest

import newsprism.compare.quotes as quotes_module
from newsprism.compare.quotes import _same_utterance, _utterance_groups, _words

SAYINGS = [
    "We will rebuild the Pellow levee before the winter storms arrive",
    "Nobody on Quayside should have to sleep in a school gym again",
    "Our crews worked through the night to clear the estuary road",
    "The council has not yet decided whether the ferry will run on Sundays",
    "reckless",
    "a betrayal of trust",
]
SPEAKERS = [None, None, "Mara Ellingsen", "Tomas Brack", "Harbour Authority"]


def _variant(rng: random.Random, saying: str) -> str:
    words = saying.split()
    choice = rng.random()
    if choice < 0.25 and len(words) > 3:  # a part of it
        start = rng.randrange(len(words) - 2)
        return " ".join(words[start : start + rng.randint(1, len(words) - start)])
    if choice < 0.5:  # a word changed or dropped
        k = rng.randrange(len(words))
        words[k] = rng.choice(["", "surely", "the", "levees", words[k].upper()])
        return " ".join(w for w in words if w)
    if choice < 0.6:  # two sayings run together
        return saying + ", " + rng.choice(SAYINGS)
    return saying


def _every_pair(prepared: list) -> list[int]:
    """The reference: every two renderings compared, groups as the first index of each."""
    group = list(range(len(prepared)))
    for i in range(len(prepared)):
        for j in range(i + 1, len(prepared)):
            if _same_utterance(prepared[i], prepared[j]):
                old, new = max(group[i], group[j]), min(group[i], group[j])
                group = [new if g == old else g for g in group]
    return group


@pytest.mark.parametrize("seed", range(30))
def test_blocked_groups_are_the_groups_every_comparison_finds(seed: int, monkeypatch) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(quotes_module, "PAIR_BLOCK_ROWS", rng.choice([1, 4, 1000]))
    prepared = []
    for _ in range(rng.randint(2, 40)):
        text = _variant(rng, rng.choice(SAYINGS)) if rng.random() < 0.95 else "“ ”"
        words = _words(text)
        prepared.append((rng.choice(SPEAKERS), words, " ".join(words)))
    assert _utterance_groups(prepared) == _every_pair(prepared)


def _prepared(speaker: str | None, text: str) -> tuple:
    words = _words(text)
    return speaker, words, " ".join(words)


def test_two_known_speakers_never_join_but_an_unknown_one_joins_either() -> None:
    text = "We will rebuild the Pellow levee"
    prepared = [_prepared("Mara Ellingsen", text), _prepared("Tomas Brack", text), _prepared(None, text)]
    assert _utterance_groups(prepared) == [0, 0, 0]  # through the unknown speaker's rendering
    assert _utterance_groups(prepared[:2]) == [0, 1]


def test_a_one_word_fragment_joins_a_longer_rendering_only_when_both_have_one_known_speaker() -> None:
    long_, short = "It was a reckless decision by the board", "reckless"
    assert _utterance_groups([_prepared("Mara Ellingsen", long_), _prepared("Mara Ellingsen", short)]) == [0, 0]
    assert _utterance_groups([_prepared("Mara Ellingsen", long_), _prepared(None, short)]) == [0, 1]


def test_repeated_renderings_are_one_group_read_once() -> None:
    prepared = [_prepared("Mara Ellingsen", "the levee will hold")] * 3000 + [_prepared(None, "the levee will hold")]
    assert set(_utterance_groups(prepared)) == {0}
