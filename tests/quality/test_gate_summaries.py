"""Quality gate for wire copy, claims and summaries: scores must not fall below the floors.

The floors (tests/quality/floors/summaries.json) sit a little under what was measured; the
full figures and the command that reproduces them are in docs/QUALITY.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FLOORS = json.loads((Path(__file__).parent / "floors" / "summaries.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_summaries_neus_rouge_on_fixed_val_subset(corpora_dir) -> None:
    from newsprism.evaluate.summaries import EVAL_WORDS, load_clusters, newsprism_summaries, rouge

    floors = FLOORS["neus_val_subset"]
    clusters = load_clusters("val", limit=floors["clusters"], root=corpora_dir / "neus-trainval")
    assert len(clusters) == floors["clusters"]
    scores = rouge(newsprism_summaries(clusters, words=EVAL_WORDS), [c.reference for c in clusters])
    assert scores["rouge1"] >= floors["rouge1"]
    assert scores["rouge2"] >= floors["rouge2"]
    assert scores["rougeL"] >= floors["rougeL"]


@pytest.mark.slow
def test_gate_summaries_demo_source_groups(demo_corpus) -> None:
    from newsprism.compare.syndication import find_syndication
    from newsprism.evaluate.syndication import load_demo_stories

    expectations = demo_corpus.parent / "expectations.json"
    if not expectations.exists():
        pytest.skip("demo/expectations.json not written yet")
    expected = json.loads(expectations.read_text(encoding="utf-8")).get("source_groups", {})
    stories = load_demo_stories(demo_corpus)
    wanted = {frozenset((a, b)) for gs in expected.values() for g in gs for a in g for b in g if a < b}
    found = set()
    for articles in stories.values():
        _, groups = find_syndication(articles)
        found |= {frozenset((a, b)) for g in groups for a in g for b in g if a < b}
    floors = FLOORS["demo_same_origin_pairs"]
    assert len(wanted & found) / max(1, len(found)) >= floors["precision"]
    assert len(wanted & found) / max(1, len(wanted)) >= floors["recall"]


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_summaries_seed_claims_shared_by_every_outlet(seeds_dir) -> None:
    from newsprism.compare.claims import align_claims
    from newsprism.compare.syndication import find_syndication
    from newsprism.evaluate.syndication import load_seed_articles
    from newsprism.language.parse import parse_articles

    articles = load_seed_articles(seeds_dir)
    _, groups = find_syndication(articles)
    claims = align_claims(articles, parse_articles(articles), groups)
    everyone = [c for c in claims if len(c.articles) == len(articles)]
    assert len(everyone) >= FLOORS["seeds"]["claims_in_all_five"]
    assert all(c.independent_sources == len(groups) for c in everyone)
