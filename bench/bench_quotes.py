"""Throughput of quote extraction and entity merging on PolNeAR articles (words/s).

Run: ``.venv/bin/python bench/bench_quotes.py [--limit N]``. Parsing with spaCy is timed
separately: the pipeline parses once and every comparison stage shares the parse.
"""

from __future__ import annotations

import argparse
import resource
import time

from newsprism.compare.entities import merge_entities
from newsprism.compare.quotes import extract_quotes, extract_quotes_from_article
from newsprism.evaluate.quotes import default_root, load_polnear
from newsprism.language.models import spacy_pipeline
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

    started = time.perf_counter()
    docs = parse_articles(articles)
    parse_s = time.perf_counter() - started

    started = time.perf_counter()
    mentions = sum(len(extract_quotes_from_article(a, docs[a.id])) for a in articles)
    per_article_s = time.perf_counter() - started

    # As a story: groups of 10 articles, entities merged then quotes matched across them
    # (without embeddings, timed apart below, so the number is the extraction's own).
    started = time.perf_counter()
    entity_count = 0
    stories = [articles[i : i + 10] for i in range(0, len(articles), 10)]
    for story in stories:
        entity_count += len(merge_entities(story, docs))
    entities_s = time.perf_counter() - started

    started = time.perf_counter()
    quote_count = 0
    for story in stories:
        quote_count += len(extract_quotes(story, docs, merge_entities(story, docs), embed=lambda texts: None))
    story_s = time.perf_counter() - started

    started = time.perf_counter()
    for story in stories:
        extract_quotes(story, docs, merge_entities(story, docs))
    with_embed_s = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(articles)} PolNeAR articles, {words} words, {len(stories)} stories of 10")
    print(f"spaCy parse (shared):                 {words / parse_s:8.0f} words/s")
    print(f"quotes per article:                   {words / per_article_s:8.0f} words/s ({mentions} quotes)")
    print(f"entities merged per story:            {words / entities_s:8.0f} words/s ({entity_count} entities)")
    print(f"quotes across a story (no embedding): {words / story_s:8.0f} words/s ({quote_count} quote records)")
    print(f"quotes across a story (embeddings):   {words / with_embed_s:8.0f} words/s")
    print(f"peak memory:                          {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
