"""The coverage stage's word lookups through indexes give what reading every article's
vocabulary gives (the rule of ``coverage._Lexicon``, spelled out here word by word)."""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import Levenshtein

from newsprism.compare.coverage import FUZZY_DISTANCE, FUZZY_MIN_CHARS, MIN_TERM_CHARS, STEM_CUT, _Lexicon


def _holds(vocabulary: set[str], word: str, name: bool) -> bool:
    """The rule read the slow way: every word of the vocabulary looked at."""
    if word in vocabulary:
        return True
    if not name:
        stem = word[: max(MIN_TERM_CHARS, len(word) - STEM_CUT)]
        if any(w.startswith(stem) or (len(w) >= MIN_TERM_CHARS and word.startswith(w)) for w in vocabulary):
            return True
    return len(word) >= FUZZY_MIN_CHARS and any(
        len(w) >= FUZZY_MIN_CHARS and abs(len(w) - len(word)) <= FUZZY_DISTANCE
        and Levenshtein.distance(w, word) <= FUZZY_DISTANCE for w in vocabulary)


ROOTS = ["harbor", "harbour", "fertiliser", "fertilizer", "closure", "closed", "close", "warn", "warning",
         "kovac", "kovach", "pier", "piers", "ferry", "ferries", "flood", "flooding", "quay", "levee", "levees"]


def _word(rng: random.Random) -> str:
    word = rng.choice(ROOTS)
    edit = rng.random()
    at = rng.randrange(len(word))
    if edit < 0.15:
        return word[:at] + word[at + 1:]
    if edit < 0.3:
        return word[:at] + rng.choice("aeiorsz") + word[at:]
    if edit < 0.45:
        return word[:at] + rng.choice("aeiorsz") + word[at + 1:]
    return word


@pytest.mark.parametrize("seed", range(25))
def test_lexicon_finds_the_articles_the_slow_reading_finds(seed: int) -> None:
    rng = random.Random(seed)
    vocabularies = {f"a{k}": {_word(rng) for _ in range(rng.randint(0, 12))} for k in range(rng.randint(1, 8))}
    lexicon = _Lexicon(vocabularies)
    for _ in range(60):
        key = " ".join(_word(rng) for _ in range(rng.choice([1, 1, 2])))
        for name in (True, False):
            expected = {a for a, words in vocabularies.items()
                        if all(_holds(words, part, name) for part in key.split())}
            assert lexicon.users(key, name) == expected, (key, name)


def test_lexicon_examples() -> None:
    lexicon = _Lexicon({"uk": {"harbour", "fertiliser", "closure"}, "us": {"harbor", "fertilizer", "closed"},
                        "x": {"pier"}})
    assert lexicon.users("harbor", True) == {"uk", "us"}  # one edit apart
    assert lexicon.users("closing", False) == {"uk", "us"}  # the stem "clos"
    assert lexicon.users("closing", True) == set()  # a name must match whole
    assert lexicon.users("pier harbor", True) == set() and lexicon.users("piers", False) == {"x"}
