"""Claim alignment quality on ECB+ (topics 1-35 in ../shared/corpora/ecbplus-dev).

    python -m newsprism.evaluate.claims [--part all|dev|held-out] [--grid]

newsprism aligns the statements of a story across its articles (``compare.claims``): a
claim is a sentence or clause together with the other articles' sentences that say the
same thing. ECB+ labels, sentence by sentence, which real-world actions and which
participants, times and places each sentence mentions, with coreference across the
documents of a topic. Each of its stories (a topic's ``ecb`` or ``ecbplus`` half) is run
through the real stages (parse, then ``align_claims``), and every pair of labelled
sentences from two different documents is scored:

- **same fact** (the gold set): the two sentences mention the same action and at least one
  same participant, time or place ("police arrested X on Friday" / "X was taken into
  custody by the police");
- **same action**: they mention the same action, whatever else they say; a looser set,
  since two sentences about one arrest can state different facts about it.

Two views are scored:

- **pairs**: a pair is aligned when a claim holds a unit of each sentence. Precision is
  measured against the same-action set (a pair aligned although it shares no action is
  wrong), recall against the same-fact set, so neither definition flatters the score.
  A claim holds one unit per article, so when two documents each state a fact twice only
  two of the four pairs can be aligned: pairwise recall cannot reach 1.
- **coverage**: what the coverage matrix shows. For each labelled sentence and each other
  document of its story, the cell is right to list that document when the document states
  the sentence's fact somewhere (recall), and a listed document's mention is judged when it
  lies in a labelled sentence, right when that sentence mentions the same action
  (precision).

Only sentences with a cross-document label count (ECB's own half labels a few sentences of
each document), and the title line is not a claim. Both gold sets are proxies: reading
samples by hand, about 7 in 10 same-fact pairs that the alignment misses state the same
fact, and about 9 in 10 aligned pairs do (docs/QUALITY.md).

Topics are split for tuning: odd topics are for development, even topics held out.
``--grid`` scores the alignment thresholds around the shipped ones on the chosen part.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from itertools import combinations, product
from pathlib import Path
from typing import TypeVar

import numpy as np

from newsprism.evaluate.clustering import ECBPLUS, ecbplus_stories
from newsprism.evaluate.shares import Share, f1
from newsprism.records import Article, Claim

T = TypeVar("T")
_ACTIONS = ("ACT", "NEG")  # cross-document chain ids of actions start with these


@dataclass(frozen=True)
class Sentence:
    """One labelled body sentence: where it is, and the chains it mentions."""

    article: str
    start: int
    end: int
    actions: frozenset[str]
    others: frozenset[str]  # participants, times and places


@dataclass(frozen=True)
class Story:
    label: str
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Scores:
    """Counts over one or more stories; the scores are read from them."""

    pairs: int = 0  # cross-document pairs of labelled sentences
    same_fact: int = 0
    same_action: int = 0
    aligned: int = 0
    aligned_fact: int = 0  # aligned pairs that are in the same-fact set
    aligned_action: int = 0
    cells: int = 0  # (labelled sentence, other document) cells of the coverage matrix
    cells_fact: int = 0  # ... where the other document states the sentence's fact
    cells_shown: int = 0  # ... where the sentence's claim lists the other document
    cells_shown_fact: int = 0
    cells_judged: int = 0  # shown cells whose mention there lies in a labelled sentence
    cells_judged_action: int = 0  # ... that mentions the sentence's action
    held: int = 0  # labelled sentences a claim holds
    alone: int = 0  # ... whose fact no other document states
    shown_alone: int = 0  # ... shown as exclusive to their document
    shown_alone_right: int = 0  # ... and no other document states the fact

    # shares of one count in another (0 when the other is 0)
    precision = Share("aligned_action", "aligned", "aligned pairs that mention the same action")
    strict_precision = Share("aligned_fact", "aligned", "aligned pairs that state the same fact")
    recall = Share("aligned_fact", "same_fact", "same-fact pairs aligned")
    action_recall = Share("aligned_action", "same_action", "same-action pairs aligned")
    coverage_precision = Share(
        "cells_judged_action", "cells_judged", "listed cells (that can be judged) whose mention is about the same action"
    )
    coverage_recall = Share("cells_shown_fact", "cells_fact", "cells where another document states the fact, listed")
    exclusive_precision = Share(
        "shown_alone_right", "shown_alone", "sentences shown exclusive whose fact no other document states"
    )
    exclusive_recall = Share("shown_alone_right", "alone", "sentences whose fact no other document states, shown exclusive")

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def coverage_f1(self) -> float:
        return f1(self.coverage_precision, self.coverage_recall)

    def __add__(self, other: Scores) -> Scores:
        return Scores(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def load_stories(root: Path = ECBPLUS, topics: Sequence[int] | None = None) -> list[Story]:
    """ECB+ stories with their labelled sentences, in topic order."""
    stories = []
    for label, docs in ecbplus_stories(root, topics).items():
        sentences = [
            Sentence(article.id, *spans[number], frozenset(actions), frozenset(others))
            for path, article, spans in docs
            for number, (actions, others) in sorted(_chains(path).items())
            if number in spans and actions | others
        ]
        stories.append(Story(label, tuple(article for _, article, _ in docs), tuple(sentences)))
    return stories


def _chains(path: Path) -> dict[int, tuple[set[str], set[str]]]:
    """Sentence number -> (action chains, other chains) that its mentions belong to."""
    root = ET.parse(path).getroot()
    sentence_of = {t.get("t_id"): int(t.get("sentence", "0")) for t in root.iter("token")}
    mention_sentence = {}
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [a.get("t_id") for a in markable.iter("token_anchor")]
        if anchors and anchors[0] in sentence_of:
            mention_sentence[markable.get("m_id")] = sentence_of[anchors[0]]
    out: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for relation in root.iter("CROSS_DOC_COREF"):
        chain = relation.get("note") or ""
        for source in relation.iter("source"):
            number = mention_sentence.get(source.get("m_id"))
            if number is not None:
                out[number][0 if chain.startswith(_ACTIONS) else 1].add(chain)
    return out


def score_story(story: Story, claims: Sequence[Claim], exclusive: Set[str] = frozenset()) -> Scores:
    """Pairwise and coverage-matrix counts of one story's claims against its labels;
    ``exclusive`` holds the ids of the claims coverage shows as one document's alone."""
    placed: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for k, claim in enumerate(claims):
        for mention in claim.mentions:
            placed[mention.article].append((mention.start, mention.end, k))
    sentences = story.sentences
    held = [{k for s, e, k in placed[sent.article] if s < sent.end and sent.start < e} for sent in sentences]
    counts = Counter()
    for i, j in combinations(range(len(sentences)), 2):
        a, b = sentences[i], sentences[j]
        if a.article == b.article:
            continue
        action = bool(a.actions & b.actions)
        fact = action and bool(a.others & b.others)
        aligned = bool(held[i] & held[j])
        counts.update(pairs=1, same_fact=fact, same_action=action, aligned=aligned,
                      aligned_fact=aligned and fact, aligned_action=aligned and action)
    for i, sent in enumerate(sentences):
        if held[i]:
            alone = not any(
                sent.actions & t.actions and sent.others & t.others for t in sentences if t.article != sent.article
            )
            shown = all(claims[k].id in exclusive for k in held[i])
            counts.update(held=1, alone=alone, shown_alone=shown, shown_alone_right=shown and alone)
        for article in story.articles:
            if article.id == sent.article:
                continue
            theirs = [t for t in sentences if t.article == article.id]
            fact = any(sent.actions & t.actions and sent.others & t.others for t in theirs)
            there = [m for k in held[i] for m in claims[k].mentions if m.article == article.id]
            judged = [t for t in theirs for m in there if t.start < m.end and m.start < t.end]
            counts.update(cells=1, cells_fact=fact, cells_shown=bool(there), cells_shown_fact=fact and bool(there),
                          cells_judged=bool(judged), cells_judged_action=any(sent.actions & t.actions for t in judged))
    return Scores(**{name: int(counts[name]) for name in Scores.__dataclass_fields__})


def run(stories: Sequence[Story], parsed: dict[str, dict] | None = None) -> Scores:
    """Align each story's claims with the shipped stages and score them all."""
    from newsprism.compare.claims import align_claims
    from newsprism.compare.coverage import build_coverage
    from newsprism.language.parse import parse_articles

    total = Scores()
    for story in stories:
        docs = parsed[story.label] if parsed is not None else parse_articles(story.articles)
        groups = [(a.id,) for a in story.articles]
        claims = align_claims(story.articles, docs, groups)
        coverage = build_coverage(claims, story.articles, source_groups=groups, docs=docs)
        exclusive = {cid for ids in coverage.exclusive.values() for cid in ids}
        total = total + score_story(story, claims, exclusive)
    return total


@contextmanager
def _settings(**values: float) -> Iterator[None]:
    """The alignment constants set to ``values`` for the duration."""
    from newsprism.compare import claims

    before = {name: getattr(claims, name) for name in values}
    for name, value in values.items():
        setattr(claims, name, value)
    try:
        yield
    finally:
        for name, value in before.items():
            setattr(claims, name, value)


@contextmanager
def _cached_embeddings() -> Iterator[None]:
    """Embed each text once across a grid of runs."""
    from newsprism.compare import claims

    original, cache = claims.embed, {}

    def embed(texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, original(missing), strict=True))
        return np.stack([cache[t] for t in texts])

    claims.embed = embed
    try:
        yield
    finally:
        claims.embed = original


def _describe(s: Scores) -> str:
    return (
        f"pairs P={s.precision:.3f} (same fact {s.strict_precision:.3f}) R={s.recall:.3f} "
        f"(same action {s.action_recall:.3f}) F1={s.f1:.3f}, aligned {s.aligned} of {s.pairs} | "
        f"coverage P={s.coverage_precision:.3f} R={s.coverage_recall:.3f} F1={s.coverage_f1:.3f} | "
        f"exclusive P={s.exclusive_precision:.3f} R={s.exclusive_recall:.3f} ({s.shown_alone} of {s.held} shown)"
    )


def topics_of(part: str) -> list[int] | None:
    """Topic numbers of a part: odd topics develop, even topics are held out."""
    if part == "all":
        return None
    return [t for t in range(1, 46) if t % 2 == (1 if part == "dev" else 0)]


def part_parser(doc: str) -> argparse.ArgumentParser:
    """A command line with ``--part all|dev|held-out``, described by the first paragraph of ``doc``."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--part", choices=("all", "dev", "held-out"), default="all")
    return parser


def stories_of_part(load: Callable[..., list[T]], part: str) -> list[T]:
    """``load(topics=...)`` for a part's topics; exits with a message when the corpus is absent."""
    stories = load(topics=topics_of(part))
    if not stories:
        raise SystemExit(f"no ECB+ documents under {ECBPLUS}")
    return stories


def main(argv: Sequence[str] | None = None) -> None:
    from newsprism.language.parse import parse_articles

    parser = part_parser(__doc__)
    parser.add_argument("--grid", action="store_true", help="score thresholds around the shipped ones")
    args = parser.parse_args(argv)
    stories = stories_of_part(load_stories, args.part)
    labelled = sum(len(s.sentences) for s in stories)
    print(f"ECB+ {args.part}: {len(stories)} stories, {sum(len(s.articles) for s in stories)} documents, "
          f"{labelled} labelled body sentences")
    parsed = {s.label: parse_articles(s.articles) for s in stories}
    with _cached_embeddings():
        print(f"shipped: {_describe(run(stories, parsed))}")
        if not args.grid:
            return
        for link, cluster, lexical in product((0.5, 0.55, 0.6, 0.65, 0.7), (0.5, 0.55, 0.6, 0.65), (0.0, 0.3, 0.5)):
            with _settings(LINK_SCORE=link, CLUSTER_COSINE=cluster, LEXICAL_WEIGHT=lexical):
                print(f"link {link:.2f} cluster {cluster:.2f} lexical {lexical:.1f}: "
                      f"{_describe(run(stories, parsed))}", flush=True)


if __name__ == "__main__":
    main()
