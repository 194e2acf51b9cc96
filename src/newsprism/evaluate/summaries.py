"""Score the extractive summary on NeuS (AllSides) against the editors' neutral roundups.

    python -m newsprism.evaluate.summaries [--split val|train] [--limit N] [--words N ...]

Each NeuS cluster holds a left, a centre and a right snippet of one story (``*.source``,
sides separated by ``[SEP]``, each ``TITLE=> ... ARTICLE=> ...``) and the neutral roundup
an AllSides editor wrote (``*.target``). The snippets become three articles (title kept as
the title, the body as the text); the whole pipeline of this area runs on them (wire copy,
claims, summary) and the summary is scored with ROUGE-1/2/L F1 (rouge-score, stemming)
against the roundup with its ``TITLE=>`` / ``ARTICLE=>`` markers removed. Two baselines run
on the same clusters with the same word budget: LexRank (TF-IDF cosine graph, power
iteration, implemented here) and lead (the snippets' first sentences in turn).

The train sample is fixed: every ``TRAIN_STRIDE``-th cluster of train.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsprism.records import Article

ROOT = Path(__file__).resolve().parents[3]
NEUS = ROOT.parent / "shared" / "corpora" / "neus-trainval"
TRAIN_STRIDE = 12  # 2452 train clusters -> a fixed sample of 205
LEXRANK_THRESHOLD = 0.1  # edges below this cosine are dropped (Erkan & Radev's setting)
LEXRANK_DAMPING = 0.85
LEXRANK_REDUNDANT = 0.5  # skip a sentence this similar to one already chosen
EVAL_WORDS = 80  # NeuS roundups: median 65 words with the title; 80 scored best on the train sample

_MARKERS = re.compile(r"\s*(TITLE|ARTICLE)=>\s*")
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Cluster:
    """One NeuS example: three articles and the reference roundup."""

    key: str
    articles: tuple[Article, ...]
    reference: str


def load_clusters(split: str = "val", *, limit: int | None = None, root: Path = NEUS) -> list[Cluster]:
    """NeuS clusters of ``split``; train is the fixed sample (every ``TRAIN_STRIDE``-th)."""
    sources = (root / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = (root / f"{split}.target").read_text(encoding="utf-8").splitlines()
    indexes = range(0, len(sources), TRAIN_STRIDE) if split == "train" else range(len(sources))
    clusters = []
    for line in indexes:
        articles = []
        for side, snippet in enumerate(sources[line].split("[SEP]")):
            title, body = _title_and_body(snippet)
            if body:
                articles.append(Article(id=f"{split}{line}-{side}", text=body, title=title, outlet=f"side{side}"))
        reference = _MARKERS.sub(" ", targets[line]).strip()
        if articles and reference:
            clusters.append(Cluster(f"{split}:{line}", tuple(articles), reference))
        if limit and len(clusters) >= limit:
            break
    return clusters


def _title_and_body(snippet: str) -> tuple[str | None, str]:
    match = re.search(r"TITLE=>(.*?)ARTICLE=>(.*)", snippet, re.DOTALL)
    if not match:
        return None, snippet.strip()
    return match.group(1).strip() or None, match.group(2).strip()


# --------------------------------------------------------------------------- systems


def newsprism_summaries(clusters: Sequence[Cluster], *, words: int) -> list[str]:
    """The project's summary of each cluster (wire copy, claims, extractive summary)."""
    from newsprism.compare.claims import align_claims
    from newsprism.compare.syndication import find_syndication
    from newsprism.language.parse import parse_articles
    from newsprism.summarize import summarize

    docs = parse_articles([a for c in clusters for a in c.articles])
    out = []
    for cluster in clusters:
        _, groups = find_syndication(cluster.articles)
        claims = align_claims(cluster.articles, docs, groups)
        sentences = summarize(cluster.articles, claims, groups, words=words)
        out.append(" ".join(s.text for s in sentences))
    return out


def lexrank_summaries(clusters: Sequence[Cluster], *, words: int) -> list[str]:
    """LexRank: PageRank over the TF-IDF cosine graph of the cluster's sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    out = []
    for cluster in clusters:
        sentences = [s for a in cluster.articles for s in _split(a.text)]
        if not sentences:
            out.append("")
            continue
        try:
            vectors = TfidfVectorizer(stop_words="english").fit_transform(sentences)
        except ValueError:
            out.append(" ".join(sentences)[: words * 8])
            continue
        sims = (vectors @ vectors.T).toarray()
        graph = (sims >= LEXRANK_THRESHOLD).astype(float)
        np.fill_diagonal(graph, 1.0)
        graph /= graph.sum(axis=1, keepdims=True)
        n = len(sentences)
        rank = np.full(n, 1 / n)
        for _ in range(100):
            new = (1 - LEXRANK_DAMPING) / n + LEXRANK_DAMPING * graph.T @ rank
            if np.abs(new - rank).sum() < 1e-8:
                break
            rank = new
        chosen: list[str] = []
        kept: list[int] = []
        for k in np.argsort(-rank, kind="stable"):
            if any(sims[k, j] >= LEXRANK_REDUNDANT for j in kept):
                continue
            if _fits(chosen, sentences[k], words):
                chosen.append(sentences[k])
                kept.append(int(k))
        out.append(" ".join(chosen))
    return out


def lead_summaries(clusters: Sequence[Cluster], *, words: int) -> list[str]:
    """Lead: the first sentence of each snippet in turn, then the second, ... up to the budget."""
    out = []
    for cluster in clusters:
        per_article = [_split(a.text) for a in cluster.articles]
        chosen: list[str] = []
        for depth in range(max((len(p) for p in per_article), default=0)):
            for sentences in per_article:
                if depth < len(sentences) and _fits(chosen, sentences[depth], words):
                    chosen.append(sentences[depth])
        out.append(" ".join(chosen))
    return out


def _fits(chosen: list[str], sentence: str, words: int) -> bool:
    """The summarizer's word-cap rule, so every system gets the same budget."""
    from newsprism.summarize.extractive import CAP_SLACK

    total = sum(len(s.split()) for s in chosen)
    if total >= words:
        return False
    return not chosen or total + len(sentence.split()) <= words * (1 + CAP_SLACK)


def _split(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.split()) >= 3]


# --------------------------------------------------------------------------- scoring


def rouge(candidates: Sequence[str], references: Sequence[str]) -> dict[str, float]:
    """Mean ROUGE-1/2/L F1 x 100 (rouge-score with the Porter stemmer)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for cand, ref in zip(candidates, references, strict=True):
        scores = scorer.score(ref, cand)
        for key in totals:
            totals[key] += scores[key].fmeasure
    n = max(1, len(candidates))
    return {key: round(100 * value / n, 2) for key, value in totals.items()}


def evaluate(clusters: Sequence[Cluster], *, words: int) -> dict[str, dict[str, float]]:
    """ROUGE of newsprism and both baselines on ``clusters`` at one word budget."""
    references = [c.reference for c in clusters]
    results = {}
    for name, system in (
        ("newsprism", newsprism_summaries),
        ("lexrank", lexrank_summaries),
        ("lead", lead_summaries),
    ):
        summaries = system(clusters, words=words)
        results[name] = rouge(summaries, references)
        results[name]["words"] = round(sum(len(s.split()) for s in summaries) / max(1, len(summaries)), 1)
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=("val", "train"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--words", type=int, nargs="+", default=[EVAL_WORDS])
    args = parser.parse_args(argv)
    clusters = load_clusters(args.split, limit=args.limit)
    print(f"NeuS {args.split}: {len(clusters)} clusters")
    for words in args.words:
        started = time.perf_counter()
        results = evaluate(clusters, words=words)
        print(f"word budget {words} ({time.perf_counter() - started:.0f} s)")
        for name, scores in results.items():
            print(
                f"  {name:10s} R1 {scores['rouge1']:5.2f}  R2 {scores['rouge2']:5.2f}  "
                f"RL {scores['rougeL']:5.2f}  mean words {scores['words']}"
            )


if __name__ == "__main__":
    main()
