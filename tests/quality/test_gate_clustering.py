"""Quality gate: incremental story clustering on an ECB+ subset stays above its floors,
streamed, after ``review()`` (the learned merge of stories that turn out to be one), after
``recluster()`` (splits, then merges) and as ``ingest`` leaves it (a ``checkpoint()`` every
so many articles).

The subset (topics listed in the floors file, one shuffled order, no time term since
ECB+ has no usable dates) runs in well under a minute. Full cross-validated figures:
``python -m newsprism.evaluate.clustering`` (docs/QUALITY.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import shared_path

FLOORS = json.loads((Path(__file__).parent / "floors" / "clustering.json").read_text())


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_clustering_ecbplus_subset() -> None:
    from newsprism.evaluate.clustering import CachedEmbedder, ingested, load_ecbplus, stream_and_revise
    from newsprism.stories import ClusterParams

    root = shared_path("corpora", "ecbplus-dev", "ECB+")
    docs = load_ecbplus(root, topics=FLOORS["topics"])
    assert len({label for _, label in docs}) == 2 * len(FLOORS["topics"])
    params, embedder = ClusterParams(use_time=False), CachedEmbedder()
    streamed, reviewed, reclustered = stream_and_revise(docs, params, embedder, seed=FLOORS["seed"])
    ingest = ingested(docs, params, embedder, seed=FLOORS["seed"], every=FLOORS["ingest_every"])
    assert streamed.f1 >= FLOORS["pairwise_f1"], streamed
    assert streamed.bcubed_f1 >= FLOORS["bcubed_f1"], streamed
    assert reviewed.f1 >= FLOORS["reviewed_pairwise_f1"], reviewed
    assert reviewed.bcubed_f1 >= FLOORS["reviewed_bcubed_f1"], reviewed
    assert reclustered.f1 >= FLOORS["reclustered_pairwise_f1"], reclustered
    assert reclustered.bcubed_f1 >= FLOORS["reclustered_bcubed_f1"], reclustered
    assert ingest.f1 >= FLOORS["ingested_pairwise_f1"], ingest
    assert ingest.bcubed_f1 >= FLOORS["ingested_bcubed_f1"], ingest


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_clustering_neus_general_news_subset() -> None:
    """General political news, where many stories share a subject: the constants must not
    merge them (they did when fitted on ECB+ alone)."""
    from newsprism.evaluate.clustering import CachedEmbedder, ingested, load_neus, stream_and_revise
    from newsprism.stories import ClusterParams

    shared_path("corpora", "neus-trainval", "val.source")
    neus = FLOORS["neus"]
    docs = load_neus("val")[: neus["documents"]]
    params, embedder = ClusterParams(use_time=False), CachedEmbedder()
    streamed, reviewed, reclustered = stream_and_revise(docs, params, embedder, seed=neus["seed"])
    ingest = ingested(docs, params, embedder, seed=neus["seed"])
    for name, scores in (("streamed", streamed), ("reviewed", reviewed), ("reclustered", reclustered),
                         ("ingested", ingest)):
        assert scores.f1 >= neus[f"{name}_pairwise_f1"], (name, scores)
        assert scores.precision >= neus[f"{name}_pairwise_precision"], (name, scores)


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_clustering_sparse_streams_do_not_merge_look_alikes() -> None:
    """Where few articles have partners (general news thinned to one report for most
    stories), the review must not join the look-alike stories that remain."""
    from newsprism.evaluate.clustering import CachedEmbedder, load_neus, sparse_streams
    from newsprism.stories import ClusterParams

    shared_path("corpora", "neus-trainval", "val.source")
    sparse = FLOORS["sparse"]
    docs = load_neus("val")[: sparse["documents"]]
    densities = tuple(float(key) for key in sparse["max_wrong_pairs"])
    results = sparse_streams(docs, ClusterParams(use_time=False), CachedEmbedder(), densities=densities,
                             seeds=(sparse["seed"],))
    for key, ceiling in sparse["max_wrong_pairs"].items():
        reviewed, reclustered, wrong_reviewed, wrong_reclustered = results[float(key)]
        assert max(wrong_reviewed, wrong_reclustered) <= ceiling, (key, wrong_reviewed, wrong_reclustered)
    for key, floor in sparse["reclustered_pairwise_precision"].items():
        assert results[float(key)][1].precision >= floor, (key, results[float(key)][1])


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_clustering_stories_hardly_depend_on_the_arrival_order() -> None:
    """Late reports, newest-first feeds and collections in no order give nearly the stories
    of the date-ordered stream (AllSides, with the time term)."""
    from newsprism.evaluate.order import measure

    shared_path("corpora", "allsides-sample", "jsons")
    floors = FLOORS["order"]
    scores = measure(floors["articles"], floors["seed"])
    assert set(scores) == set(floors["pairwise_f1"])
    for name, floor in floors["pairwise_f1"].items():
        assert scores[name].f1 >= floor, (name, scores[name])


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_clustering_small_collections_keep_one_event_whole() -> None:
    """A folder of one event's coverage, or of one subject's two events, given to
    ``analyze`` on its own: the event's own words are in every document, and must not read
    as stop words (they did before the IDF prior: half of the big ECB+ stories split)."""
    from newsprism.evaluate.clustering import CachedEmbedder, _mean, each_alone, groups_of, load_ecbplus
    from newsprism.stories import ClusterParams

    small = FLOORS["small"]
    docs = load_ecbplus(shared_path("corpora", "ecbplus-dev", "ECB+"), topics=FLOORS["topics"])
    params, embedder = ClusterParams(use_time=False), CachedEmbedder()
    stories = each_alone(groups_of(docs, by="story", min_size=small["min_story_size"]), params, embedder)
    assert sum(1 for s in stories if s.recall == 1.0) >= small["stories_kept_whole"], stories
    assert _mean(stories).recall >= small["story_recall"], stories
    topics = _mean(each_alone(groups_of(docs, by="topic"), params, embedder))
    assert topics.f1 >= small["topic_pairwise_f1"], topics
    assert topics.precision >= small["topic_pairwise_precision"], topics


@pytest.mark.slow
@pytest.mark.corpus
def test_gate_clustering_a_story_too_big_to_read_whole_is_split_from_a_sample() -> None:
    """Past ``split_sample`` members a story is split from a sample of them: on the
    subset filed as one story, close to what reading all its pairs gives."""
    from newsprism.evaluate.clustering import CachedEmbedder, load_ecbplus, sampled_splits
    from newsprism.stories import ClusterParams

    big = FLOORS["big"]
    docs = load_ecbplus(shared_path("corpora", "ecbplus-dev", "ECB+"), topics=FLOORS["topics"])
    out = sampled_splits(docs, ClusterParams(use_time=False), CachedEmbedder(), samples=(big["sample"],),
                         seeds=(big["seed"],))
    gold, whole, _ = out[big["sample"]]
    assert gold.f1 >= big["pairwise_f1"], gold
    assert whole.f1 >= big["against_all_pairs_pairwise_f1"], whole
