"""The five seed articles: one main quote across all five, names merged, speakers right.

Expectations name people and count articles; no seed text is reproduced here.
"""

from __future__ import annotations

import re

import pytest

from newsprism.compare.entities import merge_entities
from newsprism.compare.quotes import extract_quotes
from newsprism.language.parse import parse_articles
from newsprism.records import Article
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def story():
    seeds = shared_path("seeds")
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    docs = parse_articles(articles)
    entities = merge_entities(articles, docs)
    return articles, entities, extract_quotes(articles, docs, entities)


@pytest.mark.slow
def test_quotes_seeds_main_quote_is_one_record_across_five_articles(story) -> None:
    articles, _, quotes = story
    assert len(articles) == 5
    top = quotes[0]
    assert {m.article for m in top.mentions} == {a.id for a in articles}
    assert top.speaker == "Vladimir Putin"
    texts = {a.id: a.text for a in articles}
    for q in quotes:
        for m in q.mentions:
            assert texts[m.article][m.start : m.end] == m.text


@pytest.mark.slow
def test_quotes_seeds_zelensky_spellings_are_one_entity(story) -> None:
    articles, entities, _ = story
    matches = [e for e in entities if any("Zelensk" in v for v in e.variants)]
    assert len(matches) == 1
    entity = matches[0]
    assert {"Zelensky", "Zelenskyy", "Vladimir Zelensky"} <= set(entity.variants)
    assert set(entity.articles) == {a.id for a in articles}
    # The canonical name is the full form the most articles use.
    full_forms = {v for v in entity.variants if " " in v}
    outlets = {f: sum(bool(re.search(rf"\b{re.escape(f)}\b", a.text)) for a in articles) for f in full_forms}
    assert outlets[entity.name] == max(outlets.values())


@pytest.mark.slow
def test_quotes_seeds_kremlin_speakers_attributed(story) -> None:
    articles, _, quotes = story
    by_speaker: dict[str | None, set[str]] = {}
    for q in quotes:
        for m in q.mentions:
            by_speaker.setdefault(q.speaker, set()).add(m.article)
            words = m.speaker_mention or ""
            if "Peskov" in words:
                assert q.speaker == "Dmitry Peskov"
            if "Putin" in words:
                assert q.speaker == "Vladimir Putin"
    assert by_speaker["Vladimir Putin"] == {a.id for a in articles}
    peskov_articles = {a.id for a in articles if "Peskov" in a.text}
    assert len(peskov_articles) == 3
    assert by_speaker["Dmitry Peskov"] == peskov_articles
