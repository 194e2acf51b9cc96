"""StoryClusterer: joins, splits, time decay, batching, saved state, review."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from newsprism.records import Article
from newsprism.stories import ClusterParams, StoryClusterer
from tests.stories_fixtures import QUAKE_A, QUAKE_B, article, fake_embed, fixture_articles


def _partition(ids: list[str]) -> set[frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for i, story in enumerate(ids):
        groups.setdefault(story, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def test_stories_same_event_joins_and_same_subject_event_stays_apart() -> None:
    articles, gold = fixture_articles()
    ids = StoryClusterer(embedder=fake_embed).add_many(articles)
    assert _partition(ids) == _partition(gold)


def test_stories_ids_are_stable_and_story_of_answers() -> None:
    articles, _ = fixture_articles()
    clusterer = StoryClusterer(embedder=fake_embed)
    ids = [clusterer.add(a) for a in articles]
    assert ids[0] == "s000000"
    assert all(len(i) == 7 and i.startswith("s") for i in ids)
    assert clusterer.story_of(articles[3].id) == ids[3]
    assert clusterer.story_of("nope") is None
    assert clusterer.add(articles[3]) == ids[3]  # adding again does not move it
    stories = clusterer.stories()
    assert sorted(a for s in stories for a in s.article_ids) == sorted(a.id for a in articles)
    assert all(s.title for s in stories)


def test_stories_add_many_equals_adding_one_by_one() -> None:
    articles, _ = fixture_articles()
    one = StoryClusterer(embedder=fake_embed)
    singles = [one.add(a) for a in articles]
    many = StoryClusterer(embedder=fake_embed)
    assert many.add_many(articles) == singles
    assert many.to_state() == one.to_state()


def test_stories_saved_state_continues_exactly() -> None:
    articles, _ = fixture_articles()
    straight = StoryClusterer(embedder=fake_embed)
    expected = straight.add_many(articles)
    first = StoryClusterer(embedder=fake_embed)
    head = first.add_many(articles[:4])
    blob = first.to_state()
    assert isinstance(blob, bytes)
    resumed = StoryClusterer.from_state(blob, embedder=fake_embed)
    assert head + resumed.add_many(articles[4:]) == expected
    assert resumed.stories() == straight.stories()
    assert resumed.to_state() == straight.to_state()


def test_stories_time_decay_joins_follow_ups_but_not_weeks_later() -> None:
    title, text = QUAKE_A[0]
    follow_title, follow_text = QUAKE_A[1]
    clusterer = StoryClusterer(embedder=fake_embed)
    first = clusterer.add(article(0, title, text, day="2026-03-03"))
    assert clusterer.add(article(1, follow_title, follow_text, day="2026-03-06")) == first
    weeks_later = clusterer.add(article(2, follow_title, follow_text, day="2026-04-20"))
    assert weeks_later != first
    # the same pair with no time term joins: it is the date that keeps them apart
    timeless = StoryClusterer(params=ClusterParams(use_time=False), embedder=fake_embed)
    a = timeless.add(article(0, title, text, day="2026-03-03"))
    assert timeless.add(article(2, follow_title, follow_text, day="2026-04-20")) == a


def test_stories_undated_article_uses_the_stream_date() -> None:
    title, text = QUAKE_A[0]
    clusterer = StoryClusterer(embedder=fake_embed)
    first = clusterer.add(article(0, title, text, day="2026-01-02"))
    clusterer.add(article(1, *QUAKE_B[0], day="2026-03-01"))  # the stream moves on
    # an undated report of the January quake, arriving in March, is read as March news
    assert clusterer.add(article(2, *QUAKE_A[1], day=None)) != first


def test_stories_inactive_stories_leave_the_index_but_stay_known() -> None:
    clusterer = StoryClusterer(embedder=fake_embed)
    old = clusterer.add(article(0, *QUAKE_A[0], day="2026-01-01"))
    for i in range(1, 600):  # enough to trigger a sweep, months later
        clusterer.add(Article(id=f"x{i}", title=f"Filler story number {i}", text=f"Unrelated item {i} about topic{i}.",
                              published="2026-04-01"))
    assert old in {s.id for s in clusterer.stories()}
    assert clusterer.story_of("a000") == old
    assert all(old != f"s{seq:06d}" for key in clusterer._index.values() for seq in key)
    assert len(clusterer.to_state()) < 600 * 2000  # compact: well under 2 kB an article


def test_stories_articles_out_of_date_order_still_find_their_story() -> None:
    """A folder or a backfill does not come in date order: an article finds its story by
    its own date, not by the newest date the stream has seen."""
    march = [article(i, *QUAKE_A[i], day=f"2026-03-0{3 + i}") for i in range(3)]
    april = [article(10 + i, *QUAKE_B[i], day="2026-04-02") for i in range(2)]
    for order in ([march[0], *april, march[1], march[2]], [*april, *reversed(march)]):
        clusterer = StoryClusterer(embedder=fake_embed)
        clusterer.add_many(order)
        assert len({clusterer.story_of(a.id) for a in march}) == 1, [a.id for a in order]
        assert len({clusterer.story_of(a.id) for a in april}) == 1
        assert clusterer.story_of(march[0].id) != clusterer.story_of(april[0].id)


def _fillers(start: int, count: int, day: str) -> list[Article]:
    return [Article(id=f"x{i}", title=f"Filler story number {i}", text=f"Unrelated item {i} about topic{i}.",
                    published=day) for i in range(start, start + count)]


def test_stories_a_sorted_backfill_keeps_its_stories_and_the_live_ones_open() -> None:
    """Feeding last month's articles in date order after today's: the stream's date follows
    the backfill, so a backfilled story still takes a member 500+ articles later, and
    today's story is not swept away meanwhile."""
    clusterer = StoryClusterer(embedder=fake_embed)
    live = clusterer.add(article(0, *QUAKE_B[0], day="2026-04-20"))
    old = clusterer.add(article(1, *QUAKE_A[0], day="2026-03-02"))
    clusterer.add_many(_fillers(0, 600, "2026-03-03"))  # past a sweep
    assert clusterer.add(article(2, *QUAKE_A[1], day="2026-03-04")) == old
    assert clusterer.add(article(3, *QUAKE_B[1], day="2026-04-21")) == live


def test_stories_a_shuffled_backfill_keeps_the_stories_its_later_articles_need() -> None:
    """Two months of articles in no order: a story stays open while any of the latest
    articles is within its window, so its follow-up still finds it after a sweep."""
    import random

    rng = random.Random(0)
    clusterer = StoryClusterer(embedder=fake_embed)
    old = clusterer.add(article(0, *QUAKE_A[0], day="2026-03-02"))
    days = [f"2026-{month:02d}-{day:02d}" for month in (3, 4) for day in range(1, 29)]
    fillers = [Article(id=f"x{i}", title=f"Filler story number {i}", text=f"Unrelated item {i} about topic{i}.",
                       published=rng.choice(days)) for i in range(600)]
    clusterer.add_many(fillers)  # past a sweep
    assert clusterer.add(article(1, *QUAKE_A[1], day="2026-03-04")) == old


def test_stories_one_wrong_date_does_not_sweep_the_open_stories() -> None:
    clusterer = StoryClusterer(embedder=fake_embed)
    first = clusterer.add(article(0, *QUAKE_A[0], day="2026-03-03"))
    clusterer.add(Article(id="typo", title="Council minutes", text="Minutes of the council.", published="2036-03-03"))
    clusterer.add_many(_fillers(0, 600, "2026-03-04"))  # past a sweep
    assert clusterer.add(article(1, *QUAKE_A[1], day="2026-03-05")) == first


def test_stories_review_merges_into_the_older_id_with_an_alias() -> None:
    articles, gold = fixture_articles()
    strict = ClusterParams(join_probability=0.999999)  # every article opens its own story
    clusterer = StoryClusterer(params=strict, embedder=fake_embed)
    ids = clusterer.add_many(articles)
    assert len(set(ids)) == len(articles)
    clusterer.params = replace(strict, merge_probability=0.5)
    changes = clusterer.review()
    assert changes and all(c.kind == "merge" for c in changes)
    for change in changes:
        assert change.story < change.other  # the older id survives
        assert clusterer.aliases()[change.other] == change.story
        assert clusterer.resolve(change.other) == change.story
    final = [clusterer.story_of(a.id) for a in articles]
    # merges never join two different events
    for i in range(len(articles)):
        for j in range(len(articles)):
            if final[i] == final[j]:
                assert gold[i] == gold[j]


def test_stories_recluster_splits_two_events_keeping_the_id_for_the_larger_part() -> None:
    articles, gold = fixture_articles()
    quakes = [a for a, g in zip(articles, gold, strict=True) if g.startswith("quake")]
    loose = ClusterParams(join_probability=0.0)  # everything lands in one story
    clusterer = StoryClusterer(params=loose, embedder=fake_embed)
    ids = clusterer.add_many(quakes)
    assert len(set(ids)) == 1
    clusterer.params = ClusterParams()
    changes = [c for c in clusterer.recluster(quakes) if c.kind == "split"]
    assert len(changes) == 1
    kept, moved = changes[0].story, changes[0].other
    assert kept == ids[0] and moved != kept
    a_ids = {a.id for a, g in zip(articles, gold, strict=True) if g == "quake_a"}
    b_ids = {a.id for a, g in zip(articles, gold, strict=True) if g == "quake_b"}
    assert {clusterer.story_of(i) for i in a_ids} == {kept}  # three articles: the larger part
    assert set(changes[0].article_ids) == b_ids
    assert {clusterer.story_of(i) for i in b_ids} == {moved}


def test_stories_pair_probabilities_read_each_pair_as_recluster_does() -> None:
    articles, gold = fixture_articles()
    quakes = [(a, g) for a, g in zip(articles, gold, strict=True) if g.startswith("quake")]
    clusterer = StoryClusterer(embedder=fake_embed)
    clusterer.add_many([a for a, _ in quakes])
    prob = clusterer.pair_probabilities([a for a, _ in quakes])
    n = len(quakes)
    assert prob.shape == (n, n)
    assert (prob == prob.T).all() and (prob.diagonal() == 1.0).all()
    same = [prob[i, j] for i in range(n) for j in range(i + 1, n) if quakes[i][1] == quakes[j][1]]
    other = [prob[i, j] for i in range(n) for j in range(i + 1, n) if quakes[i][1] != quakes[j][1]]
    assert min(same) > max(other)  # one quake's reports against the other quake's
    # the members' order does not change a pair's probability
    order = list(reversed(range(n)))
    again = clusterer.pair_probabilities([quakes[i][0] for i in order])
    assert again == pytest.approx(prob[np.ix_(order, order)])


def test_stories_pair_probabilities_equal_the_join_model_read_pair_by_pair() -> None:
    """The all-pairs matrix gives each pair what the stream's join model gives an article
    against a one-article story: same cosines, embeddings, years, time decay and pruning."""
    from newsprism.stories import clusterer as module
    from newsprism.stories.features import article_features, dequantize

    articles, _ = fixture_articles()
    # different days (the time decay), stated years (the year features) and one article
    # long enough that a story's running sums prune it
    articles[1] = replace(articles[1], published="2026-03-06", text=articles[1].text + " It recalled the 2019 quake.")
    articles[2] = replace(articles[2], text=articles[2].text + " Records began in 1998, updated in 2019 and 2019.")
    articles[3] = replace(articles[3], text=articles[3].text + " The last one was in 2021.")
    letters = "abcdefghijklmnopqrstuvwxyz"
    filler = " ".join(f"{p}{a}{b}" for p in "qxz" for a in letters for b in letters)
    articles.append(article(99, "Kestrel Valley archive of tremors", f"{articles[0].text} {filler}", day=None))
    clusterer = StoryClusterer(embedder=fake_embed)
    clusterer.add_many(articles)
    assert len(article_features(articles[-1]).terms) > 2 * module.MAX_TERMS

    prob = clusterer.pair_probabilities(articles)
    feats = [article_features(a) for a in articles]
    vecs = [module.quantize(v) for v in fake_embed([module.embed_text(a) for a in articles])]
    n = len(articles)
    one_way = np.eye(n)  # [i, j]: article j against article i as a one-article story
    for i in range(n):
        single = module._Cluster(seq=-1)
        module._absorb(single, feats[i])
        single.members.append(feats[i].id)
        single.vec_sum = dequantize(vecs[i]).astype(np.float64)
        single.recent = [(feats[i].id, "", vecs[i])]
        single.first_day = single.last_day = feats[i].day
        for j in range(n):
            if j != i:
                values = clusterer._features(feats[j], dequantize(vecs[j]), single)
                logit = clusterer._logit(values) + clusterer._time_term(feats[j].day, single)
                one_way[i, j] = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))
    assert not np.allclose(one_way, one_way.T, atol=1e-6)  # the two readings differ
    assert prob == pytest.approx(np.minimum(one_way, one_way.T), abs=1e-6)
    assert np.ptp(prob[np.triu_indices(n, 1)]) > 0.5  # pairs that join and pairs that do not
    # a big story's members off its sample are read against the sample alone: the same
    # probabilities as the whole matrix's block
    rows, cols = list(range(0, n, 2)), list(range(1, n, 2))
    cross = module._PairReader(clusterer, [feats], vecs).probabilities(rows, cols)
    assert cross == pytest.approx(prob[np.ix_(rows, cols)], abs=1e-6)
    # a big story's features are read a chunk at a time: the same matrix
    everyone = list(range(n))
    chunked = module._PairReader(clusterer, [feats[:3], feats[3:5], feats[5:]], vecs)
    assert chunked.probabilities(everyone, everyone) == pytest.approx(prob, abs=1e-12)


def test_stories_recluster_keeps_a_story_whole_when_every_link_clears_the_split_threshold() -> None:
    articles, gold = fixture_articles()
    quakes = [a for a, g in zip(articles, gold, strict=True) if g.startswith("quake")]
    clusterer = StoryClusterer(params=ClusterParams(join_probability=0.0), embedder=fake_embed)
    clusterer.add_many(quakes)
    clusterer.params = ClusterParams(split_probability=0.0, merge_probability=1.0)
    assert clusterer.recluster(quakes) == []
    assert len(clusterer.stories()) == 1


def test_stories_state_saved_by_an_older_release_loads_and_continues() -> None:
    """A state written before the phrase and number sums existed (and with the models of
    that release) still loads: ids and members are kept, the missing sums start empty and
    the current models take over."""
    import json
    import zlib

    from newsprism.stories.clusterer import FEATURE_NAMES, MERGE_FEATURE_NAMES, WEIGHTS

    articles, _ = fixture_articles()
    first = StoryClusterer(embedder=fake_embed)
    head = first.add_many(articles[:4])
    state = json.loads(zlib.decompress(first.to_state()))
    state["version"] = 2
    state["clock"] = max(state.pop("recent_days"))  # older releases kept only the newest date
    state["params"]["weights"] = state["params"]["weights"][: len(FEATURE_NAMES) - 2]
    state["params"]["merge_weights"] = state["params"]["merge_weights"][: len(MERGE_FEATURE_NAMES) - 2]
    for cluster in state["clusters"]:
        del cluster["phrases"], cluster["numbers"]
    del state["joined"]  # counted since the merge model reads the stream's density
    old = zlib.compress(json.dumps(state).encode())

    resumed = StoryClusterer.from_state(old, embedder=fake_embed)
    assert resumed.params.weights == WEIGHTS
    assert resumed._stream_density() == first._stream_density()  # recovered from the stories opened
    assert [resumed.story_of(a.id) for a in articles[:4]] == head
    rest = resumed.add_many(articles[4:])
    assert len(rest) == len(articles) - 4 and all(r.startswith("s") for r in rest)
    assert {i for s in resumed.stories() for i in s.article_ids} == {a.id for a in articles}


def test_stories_review_merges_the_most_probable_pair_first() -> None:
    """Three stories: s0 could join s1 (p 0.6) or s2 (p 0.9), and s0+s2 no longer fits s1.
    Merging in candidate order would take s1 first; the review takes s2."""
    strict = ClusterParams(join_probability=0.999999, merge_probability=0.5)
    clusterer = StoryClusterer(params=strict, embedder=fake_embed)
    ids = clusterer.add_many([article(k, f"Item {k}", f"Unrelated text number {k} about things.") for k in range(3)])
    assert ids == ["s000000", "s000001", "s000002"]
    table = {frozenset({"a000", "a001"}): 0.6, frozenset({"a000", "a002"}): 0.9, frozenset({"a001", "a002"}): 0.1}

    def probability(a, b) -> float:  # the two stories' best member pair, from the table
        return max(table.get(frozenset({x, y}), 0.0) * (0.5 if len(a.members) + len(b.members) > 2 else 1.0)
                   for x in a.members for y in b.members)

    clusterer._cluster_probability = probability  # type: ignore[method-assign]
    clusterer._candidates_for_cluster = lambda c: [s for s in (1, 2, 0) if s != c.seq]  # type: ignore[method-assign]
    changes = clusterer.review()
    assert [(c.story, c.other) for c in changes] == [("s000000", "s000002")]
    assert clusterer.story_of("a002") == "s000000" and clusterer.story_of("a001") == "s000001"


def _density_stream(dense: bool, *, use_time: bool = False) -> StoryClusterer:
    """The two Morrow Ford quake reports as two stories, after 40 other articles that
    either come in pairs (a feed where articles find partners) or are all unrelated."""
    params = ClusterParams(use_time=use_time)
    clusterer = StoryClusterer(params=replace(params, join_probability=0.999999), embedder=fake_embed)
    clusterer.add_many([article(k, *QUAKE_A[k]) for k in range(2)])
    clusterer.params = params
    def words(topic: int) -> list[str]:  # made-up words no other topic shares
        tag = "".join("bcdfghjklm"[int(d)] for d in f"{topic:02d}")
        return [f"{stem}{tag}" for stem in ("Quil", "Marv", "Dell", "Ostv", "Pell", "Trus", "Venn")]

    topics = [i // 2 if dense else i for i in range(40)]
    others = [Article(id=f"x{i}", title=" ".join(words(t)[:3]), text=" ".join(words(t)) + ".",
                      published="2026-03-03") for i, t in enumerate(topics)]
    clusterer.add_many(others)
    assert len({clusterer.story_of(a.id) for a in others}) == (20 if dense else 40)
    return clusterer


def test_stories_review_trusts_look_alike_stories_less_in_a_sparse_stream() -> None:
    """The same two stories are more likely one event when the stream's articles mostly
    find partners than when almost none do; the density survives a save and load."""
    dense, sparse = _density_stream(True), _density_stream(False)
    pair = [(c._clusters[0], c._clusters[1]) for c in (dense, sparse)]
    p_dense, p_sparse = (c._cluster_probability(*p) for c, p in zip((dense, sparse), pair, strict=True))
    log_odds = [math.log(p / (1 - p)) for p in (p_dense, p_sparse)]
    assert log_odds[0] > log_odds[1] + 2, (p_dense, p_sparse)
    resumed = StoryClusterer.from_state(sparse.to_state(), embedder=fake_embed)
    assert resumed._cluster_probability(resumed._clusters[0], resumed._clusters[1]) == p_sparse
    threshold = (p_dense + p_sparse) / 2
    for clusterer, merged in ((dense, True), (sparse, False)):
        clusterer.params = replace(clusterer.params, merge_probability=threshold)
        clusterer.review()
        assert (clusterer.story_of("a000") == clusterer.story_of("a001")) is merged


def test_stories_a_dated_sparse_stream_reads_at_least_the_dated_density_floor() -> None:
    """Two dated stories are compared only within the time window, so a sparse dated
    stream's review reads the density floor, not its own lower density."""
    from newsprism.stories.clusterer import DATED_DENSITY_FLOOR

    undated, dated = _density_stream(False), _density_stream(False, use_time=True)
    assert undated._stream_density() == dated._stream_density() < DATED_DENSITY_FLOOR
    features = [c._pair_features(c._clusters[0], c._clusters[1]) for c in (undated, dated)]
    assert features[0][-1] == undated._stream_density() and features[1][-1] == DATED_DENSITY_FLOOR
    assert features[0][:-1] == features[1][:-1]
    p_undated, p_dated = (c._cluster_probability(c._clusters[0], c._clusters[1]) for c in (undated, dated))
    assert p_dated > p_undated


def test_stories_archive_scores_with_the_running_release_models() -> None:
    """A state saved with an earlier release's models (same features, other fitted values)
    continues with this release's models; models a caller chose are kept."""
    import json
    import zlib
    from dataclasses import replace

    from newsprism.stories.clusterer import INTERCEPT, MERGE_WEIGHTS, WEIGHTS

    articles, _ = fixture_articles()
    first = StoryClusterer(embedder=fake_embed)
    head = first.add_many(articles[:4])
    state = json.loads(zlib.decompress(first.to_state()))
    assert state["release_models"] is True
    state["params"]["weights"] = [w + 0.5 for w in state["params"]["weights"]]  # an older refit
    state["params"]["merge_weights"] = [w - 0.5 for w in state["params"]["merge_weights"]]
    state["params"]["intercept"] -= 1.0
    older = StoryClusterer.from_state(zlib.compress(json.dumps(state).encode()), embedder=fake_embed)
    assert older.params.weights == WEIGHTS and older.params.merge_weights == MERGE_WEIGHTS
    assert older.params.intercept == INTERCEPT
    assert [older.story_of(a.id) for a in articles[:4]] == head
    del state["release_models"]  # written before the flag existed: with its release's models
    assert StoryClusterer.from_state(zlib.compress(json.dumps(state).encode()),
                                     embedder=fake_embed).params.weights == WEIGHTS

    chosen = replace(ClusterParams(), join_probability=0.9, weights=tuple(w * 2 for w in WEIGHTS), use_time=False)
    custom = StoryClusterer(params=chosen, embedder=fake_embed)
    custom.add_many(articles[:4])
    saved = custom.to_state()
    assert json.loads(zlib.decompress(saved))["release_models"] is False
    assert StoryClusterer.from_state(saved, embedder=fake_embed).params == chosen


class _CountingEmbedder:
    """fake_embed that counts the texts it is asked for."""

    def __init__(self) -> None:
        self.texts = 0

    def __call__(self, texts):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return fake_embed(texts)


def _quakes_in_one_story(embedder=fake_embed) -> tuple[StoryClusterer, list[Article], set[str], set[str]]:  # type: ignore[no-untyped-def]
    """The two quakes' five articles filed as one story (join at any probability), and the
    ids of each quake's articles."""
    articles, gold = fixture_articles()
    quakes = [a for a, g in zip(articles, gold, strict=True) if g.startswith("quake")]
    clusterer = StoryClusterer(params=ClusterParams(join_probability=0.0), embedder=embedder)
    assert len(set(clusterer.add_many(quakes))) == 1
    clusterer.params = ClusterParams()
    a_ids = {a.id for a, g in zip(articles, gold, strict=True) if g == "quake_a"}
    b_ids = {a.id for a, g in zip(articles, gold, strict=True) if g == "quake_b"}
    return clusterer, quakes, a_ids, b_ids


def test_stories_checkpoint_splits_a_touched_story_from_the_vectors_it_keeps() -> None:
    """What `ingest` runs every so many articles: the touched story that holds two events
    is split, reading its members' vectors from the state (nothing embedded again)."""
    embedder = _CountingEmbedder()
    clusterer, quakes, a_ids, b_ids = _quakes_in_one_story(embedder)
    story = clusterer.story_of(quakes[0].id)
    embedded = embedder.texts
    asked: list[list[str]] = []

    def fetch(ids: list[str]) -> list[Article]:
        asked.append(ids)
        return [a for a in quakes if a.id in ids]

    changes = clusterer.checkpoint([story], fetch)
    assert [c.kind for c in changes] == ["split"]
    assert changes[0].story == story and set(changes[0].article_ids) == b_ids
    assert {clusterer.story_of(i) for i in a_ids} == {story}
    assert {clusterer.story_of(i) for i in b_ids} == {changes[0].other}
    assert sorted(asked[0]) == sorted(a.id for a in quakes)
    assert embedder.texts == embedded


def test_stories_checkpoint_reexamines_a_story_only_once_it_has_grown() -> None:
    clusterer, quakes, _, _ = _quakes_in_one_story()
    clusterer.params = ClusterParams(split_probability=0.0)  # nothing splits: the story stays whole
    story = clusterer.story_of(quakes[0].id)
    asked: list[list[str]] = []

    def fetch(ids: list[str]) -> list[Article]:
        asked.append(ids)
        return [a for a in quakes if a.id in ids]

    assert clusterer.checkpoint([story], fetch) == [] and len(asked) == 1
    assert clusterer.checkpoint([story], fetch) == [] and len(asked) == 1  # not grown: not read again
    extra = [article(90 + i, quakes[i].title, quakes[i].text) for i in range(2)]
    quakes.extend(extra)
    assert clusterer.add(extra[0]) == story
    assert clusterer.checkpoint([story], fetch) == [] and len(asked) == 1  # 6 members < 1.25 x 5
    assert clusterer.add(extra[1]) == story
    clusterer.checkpoint([story], fetch)
    assert len(asked) == 2 and {a.id for a in extra} <= set(asked[1])
    # the size it was last re-examined at is part of the saved state
    again = StoryClusterer.from_state(clusterer.to_state(), embedder=fake_embed)
    assert again.checkpoint([story], fetch) == [] and len(asked) == 2


def test_stories_checkpoint_leaves_stories_over_the_kept_vectors_to_a_full_recluster(monkeypatch) -> None:
    monkeypatch.setattr("newsprism.stories.clusterer.MAX_VECS", 4)
    clusterer, quakes, _, b_ids = _quakes_in_one_story()
    story = clusterer.story_of(quakes[0].id)
    asked: list[list[str]] = []

    def fetch(ids: list[str]) -> list[Article]:
        asked.append(ids)
        return [a for a in quakes if a.id in ids]

    assert [c.kind for c in clusterer.checkpoint([story], fetch)] == [] and asked == []
    changes = clusterer.recluster(quakes)  # what `newsprism review` runs
    assert [c.kind for c in changes] == ["split"] and set(changes[0].article_ids) == b_ids


def test_stories_checkpoint_reads_bigger_stories_when_asked() -> None:
    """An archive's embedder keeps every vector, so it asks for stories past the kept
    vectors (``most``)."""
    clusterer, quakes, _, b_ids = _quakes_in_one_story()
    story = clusterer.story_of(quakes[0].id)

    def fetch(ids: list[str]) -> list[Article]:
        return [a for a in quakes if a.id in ids]

    assert clusterer.checkpoint([story], fetch, most=len(quakes) - 1) == []
    changes = clusterer.checkpoint([story], fetch, most=math.inf)
    assert [c.kind for c in changes] == ["split"] and set(changes[0].article_ids) == b_ids


def test_stories_split_a_big_story_from_a_sample(monkeypatch) -> None:
    """A story of more than ``split_sample`` members is split from an even sample of them;
    each member off the sample goes with the part of the sample it is most probable to join."""
    monkeypatch.setattr("newsprism.stories.clusterer.FEATURE_CHUNK", 2)  # features read 2 at a time
    _, quakes, a_ids, b_ids = _quakes_in_one_story()
    a_copy = replace(next(q for q in quakes if q.id in a_ids), id="a-copy")
    b_copy = replace(next(q for q in quakes if q.id in b_ids), id="b-copy")
    # 7 members: the sample of 5 is members 0, 2, 3, 4, 6, the five quake reports; the
    # copies (1 and 5) are off it
    members = [quakes[0], b_copy, *quakes[1:4], a_copy, quakes[4]]
    assert {m.id for m in members[::2]} | {members[3].id} == {q.id for q in quakes}
    clusterer = StoryClusterer(params=ClusterParams(join_probability=0.0), embedder=fake_embed)
    assert len(set(clusterer.add_many(members))) == 1
    clusterer.params = ClusterParams(split_sample=5)
    story = clusterer.story_of(members[0].id)
    changes = clusterer.recluster(members)
    assert [c.kind for c in changes] == ["split"]
    assert set(changes[0].article_ids) == b_ids | {"b-copy"}
    assert {clusterer.story_of(i) for i in a_ids | {"a-copy"}} == {story}

    # an event with no two reports in the sample stays with its largest group at first;
    # that group is then read again on its own, and the event comes apart there
    articles, gold = fixture_articles()
    by_id = {a.id: a for a in articles}
    trial = {a.id for a, g in zip(articles, gold, strict=True) if g == "trial"}
    # the sample is members 0, 2, 3, 4, 6: the five quake reports; the trial's two are off it
    members = [by_id[i] for i in ("a000", "a002", "a003", "a001", "a004", "a005", "a006")]
    clusterer = StoryClusterer(params=ClusterParams(join_probability=0.0), embedder=fake_embed)
    assert len(set(clusterer.add_many(members))) == 1
    clusterer.params = ClusterParams(split_sample=5)
    changes = clusterer.recluster(members)
    assert sorted(sorted(c.article_ids) for c in changes if c.kind == "split") == sorted([sorted(b_ids), sorted(trial)])
    assert {clusterer.story_of(i) for i in a_ids} == {story}
    assert len({clusterer.story_of(m.id) for m in members}) == 3

    # a sample that holds one event's reports only splits nothing
    clusterer = StoryClusterer(params=ClusterParams(join_probability=0.0), embedder=fake_embed)
    clusterer.add_many(quakes)
    clusterer.params = ClusterParams(split_sample=3)
    assert clusterer.recluster(quakes) == []  # the sample is members 0, 2 and 4: one quake


def test_stories_recluster_does_not_report_a_part_merged_straight_back() -> None:
    """A part that the split takes off and the review merges straight back into the story
    it left is no change: neither step is returned (the archive would record both)."""
    clusterer, quakes, _, _ = _quakes_in_one_story()
    clusterer.params = ClusterParams(merge_probability=0.0)  # the review merges the parts back
    story = clusterer.story_of(quakes[0].id)
    assert clusterer.recluster(quakes) == []
    assert {clusterer.story_of(a.id) for a in quakes} == {story}
    assert clusterer.aliases()  # the part existed (and its id resolves to the story)


def test_stories_title_is_a_headline_before_a_first_sentence() -> None:
    """Scraped text often has no title; the story shows a member's own headline when one
    has it, kept through saving, merging and the time window's sweep."""
    (title_a, text_a), (title_b, text_b), (title_c, text_c) = QUAKE_A[:3]
    untitled = [Article(id=f"u{i}", title=None, text=text, published="2026-03-03")
                for i, text in enumerate((text_a, text_b))]
    clusterer = StoryClusterer(embedder=fake_embed)
    story = clusterer.add(untitled[0])
    assert clusterer.add(untitled[1]) == story
    first_sentence = clusterer.stories()[0].title
    assert first_sentence and first_sentence != title_a and text_a.startswith(first_sentence.rstrip("…")[:40])
    assert clusterer.add(article(2, title_c, text_c)) == story
    assert clusterer.stories()[0].title == title_c
    resumed = StoryClusterer.from_state(clusterer.to_state(), embedder=fake_embed)
    assert resumed.stories()[0].title == title_c
    # an editor's merge of an untitled story into a story with a headline, and the reverse
    title_b, text_b2 = QUAKE_B[0]
    for order in ((0, 1), (1, 0)):
        merged = StoryClusterer(embedder=fake_embed)
        untitled_story = merged.add(untitled[0])
        titled_story = merged.add(article(7, title_b, text_b2))
        assert untitled_story != titled_story
        pair = (untitled_story, titled_story)
        merged.merge(pair[order[0]], pair[order[1]])
        (only,) = merged.stories()
        assert only.title == title_b
