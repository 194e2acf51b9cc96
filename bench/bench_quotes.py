"""Throughput of quote extraction and entity merging on PolNeAR articles (words/s).

Run: ``.venv/bin/python bench/bench_quotes.py [--limit N]``. Parsing with spaCy is timed
separately: the pipeline parses once and every comparison stage shares the parse. Each
step reports words per CPU second of this process (``time.process_time``, fair when other
jobs share the machine) and, in brackets, per wall-clock second.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable

from newsprism.compare.entities import merge_entities
from newsprism.compare.quotes import extract_quotes, extract_quotes_from_article
from newsprism.evaluate.quotes import default_root, load_polnear
from newsprism.language.models import embed, spacy_pipeline
from newsprism.language.parse import parse_articles
from newsprism.records import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    gold = load_polnear(default_root(), limit=args.limit)
    articles = [Article(id=g.name, text=g.text) for g in gold]
    words = sum(len(a.text.split()) for a in articles)
    spacy_pipeline()
    embed(["load the embedder before timing"])
    stories = [articles[i : i + 10] for i in range(0, len(articles), 10)]
    counts: dict[str, int] = {}

    def parse() -> None:
        docs.update(parse_articles(articles))

    def per_article() -> None:
        counts["quotes"] = sum(len(extract_quotes_from_article(a, docs[a.id])) for a in articles)

    def entities() -> None:
        counts["entities"] = sum(len(merge_entities(story, docs)) for story in stories)

    def story_quotes() -> None:
        counts["records"] = sum(
            len(extract_quotes(story, docs, merge_entities(story, docs), embed=lambda texts: None)) for story in stories
        )

    def story_quotes_embedded() -> None:
        for story in stories:
            extract_quotes(story, docs, merge_entities(story, docs))

    docs: dict = {}
    steps: list[tuple[str, Callable[[], None]]] = [
        ("spaCy parse (shared by all stages)", parse),
        ("quotes per article", per_article),
        ("entities merged per story of 10", entities),
        ("quotes across a story, no embeddings", story_quotes),
        ("quotes across a story, with embeddings", story_quotes_embedded),
    ]
    print(f"{len(articles)} PolNeAR articles, {words} words, {len(stories)} stories of 10")
    for label, step in steps:
        cpu, wall = time.process_time(), time.perf_counter()
        step()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{label:42s} {words / cpu:9.0f} words/s CPU ({words / wall:.0f} wall)")
    print(f"quotes {counts['quotes']}, entities {counts['entities']}, quote records {counts['records']}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
