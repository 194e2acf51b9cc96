"""The clustering measurement's helpers: thinning, wrong pairs, best cuts, sampled splits (no corpus needed)."""

from __future__ import annotations

from newsprism.evaluate.clustering import (
    best_cuts,
    corpus_of,
    sampled_splits,
    thinned,
    wrong_pairs,
    wrong_pairs_by_topic,
)
from newsprism.stories import ClusterParams
from tests.stories_fixtures import fake_embed, fixture_articles


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


def test_wrong_pairs_by_topic_splits_the_count_by_where_the_pairs_come_from() -> None:
    gold = ["1_ecb", "1_ecbplus", "1_ecbplus", "2_ecb", "2_ecb", "3_ecb"]
    pred = ["s1", "s1", "s1", "s1", "s2", "s2"]
    by_topic = wrong_pairs_by_topic(gold, pred)
    # s1: 1_ecb with the two 1_ecbplus (topic 1), each of those three with one 2_ecb;
    # s2: a 2_ecb with a 3_ecb
    assert by_topic == {"1": 2, "across topics": 4}
    assert sum(by_topic.values()) == wrong_pairs(gold, pred)
    assert not wrong_pairs_by_topic(gold, gold)


def test_best_cuts_find_where_a_subject_s_two_events_come_apart() -> None:
    docs = _docs()
    cuts = {topic: (model, tfidf) for topic, model, tfidf in best_cuts(docs, ClusterParams(), fake_embed)}
    # one row per subject (the label before "_"): the two quakes share one
    assert set(cuts) == {label.split("_")[0] for _, label in docs}
    model, tfidf = cuts["quake"]
    assert model.f1 == 1.0 and model.precision == 1.0  # the join model tells the two quakes apart
    assert all(0.0 < s.f1 <= 1.0 for pair in cuts.values() for s in pair)


def test_sampled_splits_compare_a_sample_with_reading_all_pairs() -> None:
    docs = _docs()  # three events, filed as one story
    out = sampled_splits(docs, ClusterParams(), fake_embed, samples=(6, 2), seeds=(0,))
    assert set(out) == {0, 6, 2}
    gold, whole, wrong = out[0]
    assert whole.f1 == 1.0  # the full reading against itself
    assert gold.f1 == 1.0 and wrong == 0  # it finds the three events
    assert out[6][0].f1 == 1.0  # a sample of six of the seven finds them too
    # a sample of two holds no pair of reports of one event: nothing splits
    assert out[2][0].recall == 1.0 and out[2][2] == wrong_pairs([label for _, label in docs], ["one"] * len(docs))
