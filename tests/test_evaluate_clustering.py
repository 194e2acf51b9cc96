"""The clustering measurement's sparse streams: thinning and wrong pairs (no corpus needed)."""

from __future__ import annotations

from newsprism.evaluate.clustering import corpus_of, thinned, wrong_pairs
from tests.stories_fixtures import fixture_articles


def _docs() -> list:
    articles, gold = fixture_articles()
    return list(zip(articles, gold, strict=True))


def test_thinned_keeps_each_story_whole_or_by_one_document() -> None:
    docs = _docs()
    stories = {label for _, label in docs}
    assert thinned(docs, 1.0, seed=0) == docs
    one_each = thinned(docs, 0.0, seed=0)
    assert sorted(label for _, label in one_each) == sorted(stories)
    assert {a.id for a, _ in one_each} <= {a.id for a, _ in docs}
    for seed in range(5):
        kept = thinned(docs, 0.5, seed=seed)
        for label in stories:
            size = sum(1 for _, other in docs if other == label)
            assert sum(1 for _, other in kept if other == label) in {1, size}
    assert thinned(docs, 0.5, seed=3) == thinned(docs, 0.5, seed=3)  # reproducible


def test_wrong_pairs_counts_pairs_joined_across_gold_stories() -> None:
    gold = ["a", "a", "b", "b", "c"]
    assert wrong_pairs(gold, ["s1", "s1", "s2", "s2", "s3"]) == 0
    assert wrong_pairs(gold, ["s1", "s1", "s1", "s2", "s3"]) == 2  # one b joined both a's
    assert wrong_pairs(gold, ["s"] * 5) == 10 - 2  # every pair but the two right ones


def test_corpus_of_names_the_labelled_set() -> None:
    assert corpus_of("neus:123") == "neus"
    assert corpus_of("12_ecbplus") == "ecbplus"
