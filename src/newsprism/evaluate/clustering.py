"""Story clustering quality on ECB+ (topics 1-35 in ../shared/corpora/ecbplus-dev) and on
NeuS / AllSides general news (../shared/corpora/neus-trainval).

ECB+: a document's gold story is ``<topic>_<ecb|ecbplus>``: every topic holds two
different real-world events on the same subject, so same-subject negatives are built in.
Document text is rebuilt from the tokens; the leading URL line of ``ecbplus`` files is
dropped (it would give the answer away) and the first sentence serves as the title.
NeuS: three outlets' reports of one story per line, grouped by AllSides editors; many
stories share a subject. Neither has reliable publication dates, so everything runs
without the time term.

Protocol: 5-fold cross-validation across ECB+ topics. On the training topics plus the
NeuS train sample the join model is fitted (logistic regression) and the join probability
chosen (grid, best pairwise F1 of the streamed clustering), then the merge model of
``review()`` (on the training sets streamed whole and thinned, so that it learns how
the stream's density bears on a merge) and the split threshold of ``recluster()``; the held-out topics are streamed
through the incremental clusterer in 3 shuffled orders, and NeuS val once per fold. The
baseline is TF-IDF + average-linkage agglomerative clustering (cosine) over the scored
documents all at once, its distance threshold tuned on the training documents the same way.

    python -m newsprism.evaluate.clustering              # cross-validated scores
    python -m newsprism.evaluate.clustering --calibrate  # refit the shipped constants
    python -m newsprism.evaluate.clustering --sparse     # shipped constants, sparser streams
    python -m newsprism.evaluate.clustering --small      # shipped constants, one topic or event alone
    python -m newsprism.evaluate.clustering --separable  # how far each topic's two events can be told apart
    python -m newsprism.evaluate.clustering --big        # a story too big to read whole, split from a sample
"""

from __future__ import annotations

import argparse
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import numpy as np

from newsprism.records import Article
from newsprism.stories.clusterer import (
    CachedEmbedder,
    ClusterParams,
    StoryClusterer,
    merge_pairs,
    training_pairs,
)
from newsprism.stories.features import embed_text

ROOT = Path(__file__).resolve().parents[3]
ECBPLUS = ROOT.parent / "shared" / "corpora" / "ecbplus-dev" / "ECB+"
SEEDS = (0, 1, 2)
FOLDS = 5
JOIN_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
MERGE_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SPLIT_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
# The merge model is fitted on each labelled set streamed whole and thinned to these
# shares of stories kept whole (the rest keep one article), so that it learns how the
# stream's density bears on a merge (see MERGE_FEATURE_NAMES in stories/clusterer.py).
DENSITIES = (1.0, 0.3, 0.0)
# The small-collection protocol clusters each gold story of at least this many documents on
# its own (a folder of one event's coverage).
SMALL_STORY = 8
# The ingest protocol checkpoints every this many articles. `ingest` checkpoints every 200
# (archive.CHECKPOINT_EVERY) on streams of thousands; a held-out fold holds ~155 ECB+
# documents in ~13 stories, so 50 gives its stories about as many articles between two
# checkpoints as 200 give ~50 stories (all 772 ECB+ documents: 0.935 with 200, 0.931 with
# 50, in-sample).
INGEST_EVERY = 50
# The cross-validation also scores the held-out runs without the topics that hold most of
# their wrongly joined pairs (a diagnostic: how the rest fares, not a score to quote alone).
COSTLIEST = 3
# The big-story protocol (--big): sample sizes a story too big to read whole is split from.
BIG_SAMPLES = (100, 200, 400)
BASELINE_GRID = tuple(round(x, 2) for x in np.arange(0.5, 0.96, 0.05))


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    bcubed_f1: float


def load_ecbplus(root: Path = ECBPLUS, topics: Sequence[int] | None = None) -> list[tuple[Article, str]]:
    """(article, gold story label) for every document, in file order."""
    out = []
    for path in ecbplus_files(root, topics):
        article, _ = read_ecbplus(path)
        out.append((article, story_label(path)))
    return out


def ecbplus_files(root: Path = ECBPLUS, topics: Sequence[int] | None = None) -> list[Path]:
    """The documents of the given topics (all when None), by topic then file name."""
    paths = sorted(root.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name))
    return [p for p in paths if topics is None or int(p.parent.name) in topics]


def ecbplus_stories(
    root: Path = ECBPLUS, topics: Sequence[int] | None = None
) -> dict[str, list[tuple[Path, Article, dict[int, tuple[int, int]]]]]:
    """The documents of the given topics grouped by gold story, in topic order: each as its
    file, its article and where its body sentences lie (``read_ecbplus``)."""
    stories: dict[str, list[tuple[Path, Article, dict[int, tuple[int, int]]]]] = defaultdict(list)
    for path in ecbplus_files(root, topics):
        stories[story_label(path)].append((path, *read_ecbplus(path)))
    return dict(stories)


def story_label(path: Path) -> str:
    """A document's gold story: its topic and its half, ``<topic>_<ecb|ecbplus>``."""
    return f"{int(path.parent.name)}_{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}"


def read_ecbplus(path: Path) -> tuple[Article, dict[int, tuple[int, int]]]:
    """A document as an article, and where each of its body sentences lies in the text.

    The text is rebuilt from the tokens, a sentence a paragraph; a leading URL line is
    dropped and the first sentence is the title, so the spans cover the other sentences
    (keys are the corpus's sentence numbers)."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    lines = [(number, _detokenize(words)) for number, words in sorted(sentences.items())]
    if lines and re.match(r"https?\b|www\b", lines[0][1].replace(" ", "")):
        lines = lines[1:]
    if not lines:
        return Article(id=path.stem, text="", title=""), {}
    spans, offset = {}, 0
    for number, line in lines[1:]:
        spans[number] = (offset, offset + len(line))
        offset += len(line) + 2
    body = "\n\n".join(line for _, line in lines[1:])
    return Article(id=path.stem, text=body, title=lines[0][1]), spans


def load_neus(split: str = "val") -> list[tuple[Article, str]]:
    """NeuS / AllSides stories as (article, gold story) pairs: three outlets' reports of one
    story each (the editors' grouping), on mostly US political news where many stories
    share a subject. ``train`` is the fixed sample of ``evaluate.summaries``; empty when
    the corpus is absent."""
    from newsprism.evaluate.summaries import NEUS, load_clusters

    if not (NEUS / f"{split}.source").exists():
        return []
    return [(article, f"neus:{cluster.key}") for cluster in load_clusters(split) for article in cluster.articles]


def _detokenize(words: list[str]) -> str:
    text = " ".join(words)
    text = re.sub(r" ([.,;:!?%)\]'])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = re.sub(r" - ", "-", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d)\b", r"\1", text)


# ---------------------------------------------------------------------- metrics


def score(gold: Sequence[str], pred: Sequence[str]) -> Scores:
    """Pairwise precision/recall/F1 and B-cubed F1."""
    same_gold = same_pred = both = 0
    for i, j in combinations(range(len(gold)), 2):
        g, p = gold[i] == gold[j], pred[i] == pred[j]
        same_gold += g
        same_pred += p
        both += g and p
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_gold if same_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pair = Counter(zip(gold, pred, strict=True))
    g_size, p_size = Counter(gold), Counter(pred)
    bp = sum(pair[(g, p)] ** 2 / p_size[p] for g, p in pair) / len(gold)
    br = sum(pair[(g, p)] ** 2 / g_size[g] for g, p in pair) / len(gold)
    return Scores(precision, recall, f1, 2 * bp * br / (bp + br) if bp + br else 0.0)


def wrong_pairs(gold: Sequence[str], pred: Sequence[str]) -> int:
    """Pairs of documents put in one story that belong to different gold stories."""
    stories: dict[str, Counter[str]] = {}
    for g, p in zip(gold, pred, strict=True):
        stories.setdefault(p, Counter())[g] += 1
    return sum((sum(c.values()) ** 2 - sum(n * n for n in c.values())) // 2 for c in stories.values())


def _mean(scores: Sequence[Scores]) -> Scores:
    return Scores(*(float(np.mean([getattr(s, f) for s in scores])) for f in Scores.__dataclass_fields__))


# ---------------------------------------------------------------------- runs


def _shuffled(docs: list[tuple[Article, str]], seed: int) -> list[tuple[Article, str]]:
    order = list(docs)
    random.Random(seed).shuffle(order)
    return order


def thinned(docs: list[tuple[Article, str]], keep_whole: float, seed: int) -> list[tuple[Article, str]]:
    """``docs`` as a sparser stream: each gold story is kept whole with probability
    ``keep_whole``, otherwise by one of its documents picked at random."""
    if keep_whole >= 1.0:
        return list(docs)
    stories: dict[str, list[tuple[Article, str]]] = {}
    for doc in docs:
        stories.setdefault(doc[1], []).append(doc)
    rng = random.Random(1000 + seed)
    out: list[tuple[Article, str]] = []
    for label in sorted(stories):
        group = stories[label]
        out.extend(group if rng.random() < keep_whole else [rng.choice(group)])
    return out


def corpus_of(label: str) -> str:
    """The labelled set a gold label comes from: its prefix before ``:`` (``neus:...``),
    ECB+ for labels without one."""
    return label.split(":", 1)[0] if ":" in label else "ecbplus"


def stream(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder, seed: int) -> Scores:
    order = _shuffled(docs, seed)
    clusterer = StoryClusterer(params=params, embedder=embedder)
    pred = clusterer.add_many([a for a, _ in order])
    return score([label for _, label in order], pred)


def stream_and_revise(
    docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder, seed: int
) -> tuple[Scores, Scores, Scores]:
    """Scores of the stream as is, after ``review()`` (merges from the state alone) and
    after ``recluster(articles)`` (splits and merges with the full articles)."""
    gold, *preds = revise(docs, params, embedder, seed)
    streamed, reviewed, reclustered = (score(gold, pred) for pred in preds)
    return streamed, reviewed, reclustered


def revise(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder, seed: int
           ) -> tuple[list[str], list[str], list[str], list[str]]:
    """``docs`` streamed in the seed's order: their gold labels, and their stories as
    streamed, after ``review()`` and after ``recluster()`` (that order)."""
    order = _shuffled(docs, seed)
    articles, gold = [a for a, _ in order], [label for _, label in order]
    clusterer = StoryClusterer(params=params, embedder=embedder)
    streamed = clusterer.add_many(articles)
    blob = clusterer.to_state()
    clusterer.review()
    reviewed = [clusterer.story_of(a.id) or "" for a in articles]
    clusterer = StoryClusterer.from_state(blob, embedder=embedder)
    clusterer.recluster(articles)
    return gold, streamed, reviewed, [clusterer.story_of(a.id) or "" for a in articles]


def wrong_pairs_by_topic(gold: Sequence[str], pred: Sequence[str]) -> Counter[str]:
    """Wrongly joined pairs (``wrong_pairs``) by the ECB+ topic of their two documents
    ("across topics" when they differ)."""
    out: Counter[str] = Counter()
    stories: dict[str, Counter[str]] = {}
    for g, p in zip(gold, pred, strict=True):
        stories.setdefault(p, Counter())[g] += 1
    for counts in stories.values():
        for (a, n), (b, m) in combinations(sorted(counts.items()), 2):
            topic_a, topic_b = a.split("_")[0], b.split("_")[0]
            out[topic_a if topic_a == topic_b else "across topics"] += n * m
    return out


def ingested(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder, seed: int,
             every: int = INGEST_EVERY) -> Scores:
    """Scores of the stories as ``ingest`` leaves them: the stream with a ``checkpoint()``
    on the stories touched every ``every`` articles and at the end."""
    order = _shuffled(docs, seed)
    articles, gold = [a for a, _ in order], [label for _, label in order]
    by_id = {a.id: a for a in articles}
    clusterer = StoryClusterer(params=params, embedder=embedder)
    touched: set[str] = set()
    for i, article in enumerate(articles, 1):
        touched.add(clusterer.add(article))
        if i % every == 0 or i == len(articles):
            clusterer.checkpoint(touched, lambda ids: [by_id[article_id] for article_id in ids])
            touched.clear()
    return score(gold, [clusterer.story_of(a.id) or "" for a in articles])


def fit_params(docs: list[tuple[Article, str]], embedder: CachedEmbedder, *, seeds: Sequence[int] = (0,)) -> ClusterParams:
    """Fit the pair model on ``docs``, then pick the join probability on them."""
    from sklearn.linear_model import LogisticRegression

    base = ClusterParams(use_time=False)
    xs, ys = [], []
    for seed in seeds:
        order = _shuffled(docs, 100 + seed)
        x, y = training_pairs([a for a, _ in order], [lab for _, lab in order],
                              clusterer=StoryClusterer(params=base, embedder=embedder))
        xs.append(x)
        ys.append(y)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.vstack(xs), np.concatenate(ys))
    fitted = replace(base, weights=tuple(round(float(w), 4) for w in model.coef_[0]),
                     intercept=round(float(model.intercept_[0]), 4))
    best = max(JOIN_GRID, key=lambda t: (stream(docs, replace(fitted, join_probability=t), embedder, 7).f1, -abs(t - 0.5)))
    return fit_merge(docs, replace(fitted, join_probability=best), embedder, seeds=seeds)


def fit_merge(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder, *,
              seeds: Sequence[int] = (0,)) -> ClusterParams:
    """Fit the story-vs-story merge model of ``review()`` on the stories that ``params``
    actually produce when streaming ``docs`` (each labelled set on its own, whole and
    thinned to each of ``DENSITIES``), then pick its threshold on ``docs`` streamed whole."""
    from sklearn.linear_model import LogisticRegression

    gold = {a.id: label for a, label in docs}
    corpora: dict[str, list[tuple[Article, str]]] = {}
    for doc in docs:
        corpora.setdefault(corpus_of(doc[1]), []).append(doc)
    xs, ys = [], []
    for keep_whole in DENSITIES:
        for part in corpora.values():
            for seed in seeds:
                order = _shuffled(thinned(part, keep_whole, seed), 200 + seed)
                clusterer = StoryClusterer(params=params, embedder=embedder)
                clusterer.add_many([a for a, _ in order])
                x, y = merge_pairs(clusterer, gold)
                xs.append(x)
                ys.append(y)
    model = LogisticRegression(C=1.0, max_iter=4000).fit(np.vstack(xs), np.concatenate(ys))
    fitted = replace(params, merge_weights=tuple(round(float(w), 4) for w in model.coef_[0]),
                     merge_intercept=round(float(model.intercept_[0]), 4))

    def reviewed(threshold: float) -> float:
        order = _shuffled(docs, 7)
        clusterer = StoryClusterer(params=replace(fitted, merge_probability=threshold), embedder=embedder)
        clusterer.add_many([a for a, _ in order])
        clusterer.review()
        return score([lab for _, lab in order], [clusterer.story_of(a.id) or "" for a, _ in order]).f1

    best = max(MERGE_GRID, key=lambda t: (reviewed(t), t))
    fitted = replace(fitted, merge_probability=best)

    order = _shuffled(docs, 7)
    streamed = StoryClusterer(params=fitted, embedder=embedder)
    streamed.add_many([a for a, _ in order])
    blob = streamed.to_state()

    def reclustered(threshold: float) -> float:
        clusterer = StoryClusterer.from_state(blob, embedder=embedder)
        clusterer.params = replace(fitted, split_probability=threshold)
        clusterer.recluster([a for a, _ in order])
        return score([lab for _, lab in order], [clusterer.story_of(a.id) or "" for a, _ in order]).f1

    split = max(SPLIT_GRID, key=lambda t: (reclustered(t), -t))
    return replace(fitted, split_probability=split)


def sparse_streams(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder, *,
                   densities: Sequence[float] = (1.0, 0.3, 0.1, 0.0), seeds: Sequence[int] = SEEDS,
                   ) -> dict[float, tuple[Scores, Scores, float, float]]:
    """``docs`` thinned to each density (``thinned``), streamed in each seed's order: mean
    scores after ``review()`` and after ``recluster()``, and the mean number of wrongly
    joined document pairs after each."""
    out = {}
    for keep_whole in densities:
        reviewed, reclustered, wrong_reviewed, wrong_reclustered = [], [], [], []
        for seed in seeds:
            order = _shuffled(thinned(docs, keep_whole, seed), seed)
            articles, gold = [a for a, _ in order], [label for _, label in order]
            clusterer = StoryClusterer(params=params, embedder=embedder)
            clusterer.add_many(articles)
            blob = clusterer.to_state()
            clusterer.review()
            pred = [clusterer.story_of(a.id) or "" for a in articles]
            reviewed.append(score(gold, pred))
            wrong_reviewed.append(wrong_pairs(gold, pred))
            clusterer = StoryClusterer.from_state(blob, embedder=embedder)
            clusterer.recluster(articles)
            pred = [clusterer.story_of(a.id) or "" for a in articles]
            reclustered.append(score(gold, pred))
            wrong_reclustered.append(wrong_pairs(gold, pred))
        out[keep_whole] = (_mean(reviewed), _mean(reclustered), float(np.mean(wrong_reviewed)),
                           float(np.mean(wrong_reclustered)))
    return out


def groups_of(docs: list[tuple[Article, str]], *, by: str, min_size: int = 1) -> list[list[tuple[Article, str]]]:
    """``docs`` grouped ``by`` ECB+ topic ("topic") or by gold story ("story"), groups of
    at least ``min_size`` documents: each one a small collection, as a user would give
    ``analyze`` the coverage of one subject or of one event."""
    groups: dict[str, list[tuple[Article, str]]] = {}
    for doc in docs:
        groups.setdefault(doc[1].split("_")[0] if by == "topic" else doc[1], []).append(doc)
    return [g for _, g in sorted(groups.items()) if len(g) >= min_size]


def each_alone(groups: Sequence[list[tuple[Article, str]]], params: ClusterParams, embedder: CachedEmbedder,
               seed: int = 0) -> list[Scores]:
    """Each group clustered on its own (streamed, then ``recluster()``)."""
    return [stream_and_revise(group, params, embedder, seed)[2] for group in groups]


def best_cuts(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder
              ) -> list[tuple[str, Scores, Scores]]:
    """Whether an ECB+ topic's two events can be told apart at all by what ``recluster()``
    reads: each topic streamed on its own, its documents clustered by average linkage over
    the join model's pair probabilities (``StoryClusterer.pair_probabilities``) and, for
    comparison, over a TF-IDF cosine fitted on the topic alone (its shared subject words
    weigh nothing there); each tree cut at the level that best matches the two gold events
    (a threshold chosen by the answer: an upper bound for any threshold). (topic, join
    model, TF-IDF), pairwise scores at those best cuts."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    def best(similarity: np.ndarray, gold: list[str]) -> Scores:
        distance = np.clip(1.0 - similarity, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        cuts = (fcluster(tree, t=k, criterion="maxclust") for k in range(1, len(gold) + 1))
        return max((score(gold, [str(x) for x in labels]) for labels in cuts), key=lambda s: s.f1)

    out = []
    for group in groups_of(docs, by="topic"):
        articles, gold = [a for a, _ in group], [label for _, label in group]
        clusterer = StoryClusterer(params=params, embedder=embedder)
        clusterer.add_many(articles)
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [f"{a.title}\n{a.text}" for a in articles])
        out.append((gold[0].split("_")[0], best(clusterer.pair_probabilities(articles), gold),
                    best((matrix @ matrix.T).toarray(), gold)))
    return out


def sampled_splits(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder, *,
                   samples: Sequence[int] = BIG_SAMPLES, seeds: Sequence[int] = SEEDS
                   ) -> dict[int, tuple[Scores, Scores, int]]:
    """How a story too big to read all its pairs fares when split from a sample
    (``ClusterParams.split_sample``): all of ``docs`` filed as one story (in each seed's
    order), then ``recluster()`` reading all its pairs (key 0) and reading a sample of each
    size. Per key, means over the seeds: pairwise scores against the gold stories, against
    the stories the whole reading gives, and the wrongly joined pairs."""
    out: dict[int, tuple[Scores, Scores, int]] = {}
    runs: dict[int, list[tuple[Scores, Scores, int]]] = defaultdict(list)
    for seed in seeds:
        order = _shuffled(docs, seed)
        articles, gold = [a for a, _ in order], [label for _, label in order]
        filed = StoryClusterer(params=replace(params, join_probability=0.0), embedder=embedder)
        filed.add_many(articles)
        blob = filed.to_state()
        whole: list[str] = []
        for size in (0, *samples):
            clusterer = StoryClusterer.from_state(blob, embedder=embedder)
            clusterer.params = replace(params, split_sample=size or len(articles))
            clusterer.recluster(articles)
            pred = [clusterer.story_of(a.id) or "" for a in articles]
            whole = whole or pred
            runs[size].append((score(gold, pred), score(whole, pred), wrong_pairs(gold, pred)))
    for size, results in runs.items():
        out[size] = (_mean([r[0] for r in results]), _mean([r[1] for r in results]),
                     round(float(np.mean([r[2] for r in results]))))
    return out


def general_news_density(docs: list[tuple[Article, str]], params: ClusterParams, embedder: CachedEmbedder) -> float:
    """The stream density (see MERGE_FEATURE_NAMES) of ``docs`` streamed whole, mean of
    the seeds' orders: the floor a dated stream's review reads (DATED_DENSITY_FLOOR)."""
    values = []
    for seed in SEEDS:
        clusterer = StoryClusterer(params=params, embedder=embedder)
        clusterer.add_many([a for a, _ in _shuffled(docs, seed)])
        values.append(clusterer._stream_density())
    return float(np.mean(values))


def baseline(docs: list[tuple[Article, str]], threshold: float) -> Scores:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.title}\n{a.text}" for a, _ in docs]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    ).fit_predict(matrix)
    return score([lab for _, lab in docs], [str(x) for x in labels])


def cross_validate(docs: list[tuple[Article, str]], *, folds: int = FOLDS, seeds: Sequence[int] = SEEDS,
                   embedder: CachedEmbedder | None = None, verbose: bool = True,
                   extra_train: Sequence[tuple[Article, str]] = (),
                   extra_test: Sequence[tuple[Article, str]] = ()) -> dict[str, Scores]:
    """ECB+ cross-validated across topics; ``extra_train`` joins every fold's training
    set and ``extra_test`` (another corpus) is scored with every fold's model (seed 0)."""
    embedder = embedder or CachedEmbedder()
    embedder([embed_text(a) for a, _ in [*docs, *extra_train, *extra_test]])
    topics = sorted({int(label.split("_")[0]) for _, label in docs})
    ours, reviewed, reclustered, ingests, base = [], [], [], [], []
    topic_alone, story_alone = [], []
    other: list[tuple[Scores, Scores, Scores]] = []
    other_ingest = []
    other_base = []
    held_out: list[tuple[list[str], list[str]]] = []  # (gold, after recluster()) of each run
    for fold in range(folds):
        test_topics = set(topics[fold::folds])
        train = [d for d in docs if int(d[1].split("_")[0]) not in test_topics] + list(extra_train)
        test = [d for d in docs if int(d[1].split("_")[0]) in test_topics]
        params = fit_params(train, embedder)
        threshold = max(BASELINE_GRID, key=lambda t: baseline(train, t).f1)
        runs = []
        for seed in seeds:
            gold, *preds = revise(test, params, embedder, seed)
            runs.append(tuple(score(gold, pred) for pred in preds))
            held_out.append((gold, preds[2]))
        fold_ours = [r[0] for r in runs]
        ours.extend(fold_ours)
        reviewed.extend(r[1] for r in runs)
        reclustered.extend(r[2] for r in runs)
        ingests.extend(ingested(test, params, embedder, seed) for seed in seeds)
        base.append(baseline(test, threshold))
        topic_alone.extend(each_alone(groups_of(test, by="topic"), params, embedder))
        story_alone.extend(each_alone(groups_of(test, by="story", min_size=SMALL_STORY), params, embedder))
        if extra_test:
            other.append(stream_and_revise(list(extra_test), params, embedder, 0))
            other_ingest.append(ingested(list(extra_test), params, embedder, 0))
            other_base.append(baseline(list(extra_test), threshold))
        if verbose:
            print(f"fold {fold}: topics {sorted(test_topics)} join_p={params.join_probability} "
                  f"merge_p={params.merge_probability} split_p={params.split_probability} "
                  f"ours F1={_mean(fold_ours).f1:.3f} baseline F1={base[-1].f1:.3f} (t={threshold})"
                  + (f" | other corpus F1 {' / '.join(f'{s.f1:.3f}' for s in other[-1])}, ingest "
                     f"{other_ingest[-1].f1:.3f}" if extra_test else ""))
    # where the wrongly joined pairs are: the topics holding most, and the rest scored without them
    wrong: Counter[str] = Counter()
    for gold, pred in held_out:
        wrong += wrong_pairs_by_topic(gold, pred)
    costliest = [topic for topic, _ in wrong.most_common() if topic != "across topics"][:COSTLIEST]
    if verbose:
        print(f"wrongly joined pairs after recluster(), all runs: {sum(wrong.values())}; by topic: "
              + ", ".join(f"{topic} {n}" for topic, n in wrong.most_common()))
    rest = []
    for gold, pred in held_out:
        kept = [i for i, label in enumerate(gold) if label.split("_")[0] not in costliest]
        rest.append(score([gold[i] for i in kept], [pred[i] for i in kept]))
    results = {
        "incremental": _mean(ours),
        "+ review()": _mean(reviewed),
        "+ recluster()": _mean(reclustered),
        f"+ recluster(), without topics {', '.join(costliest)}": _mean(rest),
        "ingest": _mean(ingests),
        "baseline": _mean(base),
        "one topic alone": _mean(topic_alone),
        "one story alone": _mean(story_alone),
    }
    if extra_test:
        results |= {
            "other: incremental": _mean([r[0] for r in other]),
            "other: + review()": _mean([r[1] for r in other]),
            "other: + recluster()": _mean([r[2] for r in other]),
            "other: ingest": _mean(other_ingest),
            "other: baseline": _mean(other_base),
        }
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calibrate", action="store_true", help="fit on all topics and print the constants")
    parser.add_argument("--small", action="store_true",
                        help="score the shipped constants on small collections: each ECB+ topic, and each "
                             f"story of {SMALL_STORY}+ documents, clustered on its own")
    parser.add_argument("--sparse", action="store_true",
                        help="score the shipped constants on NeuS val thinned to sparser streams")
    parser.add_argument("--separable", action="store_true",
                        help="the best cut of each ECB+ topic's average-linkage tree, by the join model's "
                             "pair scores and by TF-IDF: how far its two events can be told apart at all")
    parser.add_argument("--big", action="store_true",
                        help="all of ECB+ filed as one story and split, reading all its pairs and reading "
                             f"samples of {', '.join(map(str, BIG_SAMPLES))} members")
    args = parser.parse_args(argv)
    if args.sparse:
        docs = load_neus("val")
        if not docs:
            raise SystemExit("no NeuS val documents")
        print(f"NeuS val ({len(docs)} documents), shipped constants, no time term; each story kept whole with "
              f"the probability shown, else one of its documents; mean of seeds {', '.join(map(str, SEEDS))}")
        for keep_whole, (rev, rec, wrong_rev, wrong_rec) in sparse_streams(
                docs, ClusterParams(use_time=False), CachedEmbedder()).items():
            print(f"kept whole {keep_whole:.1f}: reviewed P={rev.precision:.3f} R={rev.recall:.3f} F1={rev.f1:.3f} "
                  f"wrong pairs {wrong_rev:.0f} | reclustered P={rec.precision:.3f} R={rec.recall:.3f} "
                  f"F1={rec.f1:.3f} wrong pairs {wrong_rec:.0f}")
        return
    docs = load_ecbplus()
    if not docs:
        raise SystemExit(f"no ECB+ documents under {ECBPLUS}")
    if args.big:
        print(f"all {len(docs)} ECB+ documents filed as one story, then recluster() (shipped constants, no time "
              f"term); mean of seeds {', '.join(map(str, SEEDS))} (the members' order)")
        for size, (gold, whole, wrong) in sampled_splits(docs, ClusterParams(use_time=False), CachedEmbedder()).items():
            label = "all pairs read" if size == 0 else f"sample of {size}"
            print(f"{label:>16}: against gold P={gold.precision:.3f} R={gold.recall:.3f} F1={gold.f1:.3f} "
                  f"(wrong pairs {wrong}) | against all pairs read F1={whole.f1:.3f}")
        return
    if args.separable:
        cuts = best_cuts(docs, ClusterParams(use_time=False), CachedEmbedder())
        print("each ECB+ topic streamed alone (shipped constants, no time term), clustered by average linkage "
              "and cut at the level that best matches its two events; pairwise F1 there (1.000: they come apart)")
        for topic, model, tfidf in sorted(cuts, key=lambda c: (c[1].f1, int(c[0]))):
            print(f"topic {topic:>3}: join-model pair scores P={model.precision:.3f} F1={model.f1:.3f} | "
                  f"TF-IDF on the topic alone P={tfidf.precision:.3f} F1={tfidf.f1:.3f}")
        print(f"mean F1: join model {_mean([m for _, m, _ in cuts]).f1:.3f}, TF-IDF {_mean([t for _, _, t in cuts]).f1:.3f}")
        return
    if args.small:
        params, embedder = ClusterParams(use_time=False), CachedEmbedder()
        topics = each_alone(groups_of(docs, by="topic"), params, embedder)
        stories = each_alone(groups_of(docs, by="story", min_size=SMALL_STORY), params, embedder)
        whole = sum(1 for s in stories if s.recall == 1.0)
        print(f"shipped constants, no time term, seed 0. Each ECB+ topic alone ({len(topics)}, two events each): "
              f"{_describe(_mean(topics))}")
        print(f"each ECB+ story of {SMALL_STORY}+ documents alone ({len(stories)}): kept whole {whole}, "
              f"mean pairwise recall {_mean(stories).recall:.3f}")
        return
    neus_train, neus_val = load_neus("train"), load_neus("val")
    if not neus_train:
        print("NeuS not found: calibrating and scoring on ECB+ alone")
    embedder = CachedEmbedder()
    if args.calibrate:
        params = fit_params(docs + neus_train, embedder, seeds=SEEDS)
        print(f"WEIGHTS = {params.weights}\nINTERCEPT = {params.intercept}\nJOIN_PROBABILITY = {params.join_probability}")
        print(f"MERGE_WEIGHTS = {params.merge_weights}\nMERGE_INTERCEPT = {params.merge_intercept}\n"
              f"MERGE_PROBABILITY = {params.merge_probability}\nSPLIT_PROBABILITY = {params.split_probability}")
        general = neus_train or docs
        print(f"DATED_DENSITY_FLOOR = {general_news_density(general, params, embedder):.2f}")
        return
    print(f"ECB+ {len(docs)} documents, {len({lab for _, lab in docs})} stories; NeuS train sample "
          f"{len(neus_train)} documents (added to every fold's training), NeuS val {len(neus_val)} (scored)")
    results = cross_validate(docs, embedder=embedder, extra_train=neus_train, extra_test=neus_val)
    for name, s in results.items():
        name = name.replace("other:", "NeuS val:") if name.startswith("other:") else f"ECB+ {name}"
        print(f"{name:24s} {_describe(s)}")


def _describe(s: Scores) -> str:
    return f"pairwise P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  B-cubed F1={s.bcubed_f1:.3f}"


if __name__ == "__main__":
    main()
