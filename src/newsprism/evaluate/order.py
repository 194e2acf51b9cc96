"""How much the stories depend on the order the articles arrive in (AllSides sample).

The incremental clusterer decides each article once, on arrival, so a different order can
give different stories. ``ingest`` assigns the articles of a run in date order; this
measures what happens when they come otherwise: a live feed whose reports arrive a few
days late, a feed listing each day newest first, or a collection in no order at all (a
backfill run article by article through the Python API, or several overlapping runs).

Protocol: the first ``ARTICLES`` dated AllSides articles of 80+ words (by date; several
years of political news, no story labels), streamed with the shipped constants and the
time term, with a ``checkpoint()`` on the touched stories every 200 articles as ``ingest``
runs (splits and merges; before 2026-11-23 a checkpoint only merged). The
stories of the date-ordered stream are the reference; each other order is scored against
them with pairwise precision, recall and F1 (1.0: the same stories).

    python -m newsprism.evaluate.order
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence

from newsprism.archive import CHECKPOINT_EVERY
from newsprism.clean.meta import normalize_given_date
from newsprism.evaluate.clustering import CachedEmbedder, Scores, score
from newsprism.evaluate.ingest import ALLSIDES
from newsprism.records import Article
from newsprism.stories import StoryClusterer
from newsprism.stories.clusterer import Embedder
from newsprism.stories.features import date_order, embed_text

ARTICLES = 600
LATE_DAYS = 3.0


def load_dated(count: int = ARTICLES) -> list[Article]:
    """The first ``count`` AllSides articles of 80+ words with a readable date, by date."""
    articles = []
    for path in sorted(ALLSIDES.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        day = normalize_given_date(record.get("date") or "")
        text = record.get("content") or ""
        if day and len(text.split()) >= 80:
            articles.append(Article(id=record["ID"], title=record.get("title"), text=text,
                                    outlet=record.get("source"), published=day))
    articles.sort(key=lambda a: (a.published, a.id))
    return articles[:count]


def orders(articles: Sequence[Article], seed: int = 0) -> dict[str, list[Article]]:
    """The same articles in the orders compared (the first is the reference)."""
    rng = random.Random(seed)
    ordered = sorted(articles, key=lambda a: (date_order(a), a.id))
    late = sorted(ordered, key=lambda a: date_order(a) + rng.uniform(0.0, LATE_DAYS))
    position = {a.id: i for i, a in enumerate(ordered)}
    newest_first = sorted(ordered, key=lambda a: (date_order(a), -position[a.id]))
    shuffled = list(ordered)
    rng.shuffle(shuffled)
    return {
        "date order": ordered,
        f"up to {LATE_DAYS:g} days late": late,
        "each day newest first": newest_first,
        "no order": shuffled,
    }


def stream(articles: Sequence[Article], embedder: Embedder) -> dict[str, str]:
    """Article id -> story id after streaming ``articles`` in the given order."""
    clusterer = StoryClusterer(embedder=embedder)
    by_id = {a.id: a for a in articles}
    for start in range(0, len(articles), CHECKPOINT_EVERY):
        touched = set(clusterer.add_many(articles[start : start + CHECKPOINT_EVERY]))
        clusterer.checkpoint(touched, lambda ids: [by_id[article_id] for article_id in ids])
    return {a.id: clusterer.story_of(a.id) or "" for a in articles}


def agreement(reference: dict[str, str], other: dict[str, str]) -> Scores:
    """Pairwise scores of ``other``'s stories taking ``reference``'s as gold."""
    ids = sorted(reference)
    return score([reference[i] for i in ids], [other[i] for i in ids])


def measure(count: int = ARTICLES, seed: int = 0, embedder: CachedEmbedder | None = None) -> dict[str, Scores]:
    articles = load_dated(count)
    embedder = embedder or CachedEmbedder()
    embedder([embed_text(a) for a in articles])
    runs = {name: stream(order, embedder) for name, order in orders(articles, seed).items()}
    reference = runs.pop("date order")
    return {name: agreement(reference, stories) for name, stories in runs.items()}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not ALLSIDES.is_dir():
        raise SystemExit(f"needs the AllSides sample ({ALLSIDES}), which is absent")
    for name, scores in measure(args.articles, args.seed).items():
        print(f"{name:24s} P={scores.precision:.3f} R={scores.recall:.3f} F1={scores.f1:.3f}")


if __name__ == "__main__":
    main()
