"""The discrepancy stages' lookups find what reading everything would: the number stage
compares only the pairs of sentences whose counts could conflict (no models: vectors are
made up), and names are found in a text by their first word."""

from __future__ import annotations

import random
import re
import zlib
from itertools import combinations

import numpy as np
import pytest

from newsprism.compare import discrepancies
from newsprism.compare.discrepancies import (
    NUMBER_OVERLAP,
    NUMBER_SIMILARITY,
    _content,
    _entity_index,
    _incompatible,
    _jaccard,
    _NameFinder,
    _number_pairs,
    _quantities,
    find_discrepancies,
)
from newsprism.records import Article, Entity

TEMPLATES = [
    "Crews moved {n} residents from Pellow Street before the levee gave way.",
    "About {n} residents left their homes near the Pellow levee overnight.",
    "The council said {n} homes on the estuary were flooded.",
    "More than {n} volunteers filled sandbags at the Tamsin depot.",
    "Officials counted {n} boats torn from their moorings at Quayside.",
    "The storm cut power to {n} homes across the district, the utility said.",
    "Some {n} pupils stayed home as {m} schools closed.",
]


def _vector_of(text: str) -> np.ndarray:
    """Sentences of one template point one way (with a little noise), others elsewhere."""
    template = next(i for i, t in enumerate(TEMPLATES) if t.split("{")[0] in text)
    base = np.random.default_rng(template).normal(size=16)
    noise = np.random.default_rng(zlib.crc32(text.encode())).normal(scale=0.35, size=16)
    vector = base + noise
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _every_pair(sentences, vectors):
    """The reference: every two sentences of different articles that share a unit."""
    out = set()
    for i, j in combinations(range(len(sentences)), 2):
        (ai, ti, qi), (aj, tj, qj) = sentences[i], sentences[j]
        if ai == aj or not {q.unit for q in qi} & {q.unit for q in qj}:
            continue
        near = float(vectors[i] @ vectors[j]) >= NUMBER_SIMILARITY and _jaccard(_content(ti), _content(tj)) >= NUMBER_OVERLAP
        context = any(x.unit == y.unit and _incompatible(x, y) and x.context & y.context for x in qi for y in qj)
        if near or context:
            out.add((i, j, near))
    return out


@pytest.mark.parametrize("seed", range(30))
def test_number_pairs_are_those_comparing_every_two_would_find(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    sentences = []
    for article in "abcde"[: rng.randint(2, 5)]:
        for _ in range(rng.randint(1, 12)):
            text = rng.choice(TEMPLATES).format(n=rng.choice([12, 40, 41, 212, 230, 1200]), m=rng.choice([3, 4]))
            if quantities := _quantities(text):
                sentences.append((article, text, quantities))
    vectors = np.stack([_vector_of(text) for _, text, _ in sentences])
    monkeypatch.setattr(discrepancies, "_embed", lambda texts: np.stack([_vector_of(t) for t in texts]))
    assert _number_pairs(sentences) == _every_pair(sentences, vectors)


def test_a_sentence_repeated_in_one_article_counts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article that repeats its sentence (a scrape of a page's every teaser) gives the
    finding an article stating it once gives, each sentence compared once."""
    embedded: list[int] = []

    def fake(texts: list[str]) -> np.ndarray:
        embedded.append(len(texts))
        return np.stack([_vector_of(t) for t in texts])

    monkeypatch.setattr(discrepancies, "_embed", fake)
    a_once = Article(id="a", text=TEMPLATES[0].format(n=140), outlet="A")
    a_many = Article(id="a", text=" ".join([TEMPLATES[0].format(n=140)] * 300), outlet="A")
    b = Article(id="b", text=TEMPLATES[1].format(n=175), outlet="B")
    once = find_discrepancies([a_once, b], claims=[], quotes=[], entities=[])
    many = find_discrepancies([a_many, b], claims=[], quotes=[], entities=[])
    assert [d for d in once if d.kind == "number"] and once == many
    assert embedded == [2, 2]  # the repeated sentence is embedded (and compared) once


def _every_name(text: str, index: dict) -> list:
    """The reference: a pattern per name over the whole text, longest first where they overlap."""
    from unidecode import unidecode

    found = []
    ascii_text = unidecode(text).lower()
    for key, ents in index.items():
        if len(ents) == 1 and len(key) >= 3:
            found += [(m.start(), m.end(), ents[0]) for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", ascii_text)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


NAMES = [("Dmitry Peskov", "PERSON", ("Peskov", "Dmitri Peskov")), ("Orla Quist", "PERSON", ("Quist",)),
         ("Port of Varna", "ORG", ("Varna port",)), ("Varna", "GPE", ()), ("Kovač", "PERSON", ("Kovac", "Kovach")),
         ("A.B. Lund", "PERSON", ("Lund",)), ("Q.", "PERSON", ()), ("O'Brien", "PERSON", ("Brien",)),
         ("-Ra", "ORG", ()), ("Quistgaard", "ORG", ())]
WORDS = ["said", "the", "of", "port", "Peskov", "Dmitry", "Dmitri", "Quist", "Quistgaard", "Varna", "Kovač", "Kovach",
         "Lund", "A.B.", "O'Brien", "Brien's", "-Ra", "x-Ra", ",", "“Peskov”", "Peskovs", "Q."]


@pytest.mark.parametrize("seed", range(25))
def test_names_found_by_their_first_word_are_those_a_pattern_per_name_finds(seed: int) -> None:
    rng = random.Random(seed)
    entities = [Entity(id=f"e{k}", name=n, type=t, variants=v, articles=("a",))
                for k, (n, t, v) in enumerate(NAMES) if rng.random() < 0.8]
    index = _entity_index(entities)
    finder = _NameFinder(index)
    for _ in range(40):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 14)))
        assert finder.find(text) == _every_name(text, index), text


def _every_group(quotes: list) -> list:
    """The reference: each record tried against every group opened so far, its content
    words read again for every pair."""
    from newsprism.compare.discrepancies import _same_utterance

    def same(a, b) -> bool:
        return _same_utterance(a, b, lambda text: set(_content(text)))

    groups: list[list] = []
    for quote in quotes:
        home = next((g for g in groups if any(same(quote, q) for q in g)), None)
        if home is None:
            groups.append([quote])
        else:
            home.append(quote)
    return [[q.id for q in g] for g in groups]


SAYINGS = ["We will rebuild the Pellow levee before the winter storms arrive",
           "the Pellow levee will be rebuilt before winter storms arrive, we promise",
           "Nobody on Quayside should have to sleep in a school gym again",
           "Our crews worked through the night to clear the estuary road",
           "the estuary road was cleared by crews who worked all night"]


@pytest.mark.parametrize("seed", range(20))
def test_utterances_group_as_trying_every_group_would(seed: int) -> None:
    from newsprism.compare.discrepancies import _utterances
    from newsprism.records import Quote, QuoteMention

    rng = random.Random(seed)
    quotes = []
    for k in range(rng.randint(1, 30)):
        mentions = tuple(QuoteMention(article=rng.choice("abcdef"), text=rng.choice(SAYINGS), start=0, end=1,
                                      speaker_mention=None, cue=None) for _ in range(rng.randint(1, 3)))
        quotes.append(Quote(f"q{k}", rng.choice(["Mayor Orla Quist", "Engineer Lund", None]), mentions))
    grouped = _utterances(quotes)
    expected = _every_group(quotes)
    assert [g[0] for g in expected] == [q.id for q in grouped]
    by_id = {q.id: q for q in quotes}
    assert [tuple(m for i in g for m in by_id[i].mentions) for g in expected] == [q.mentions for q in grouped]
