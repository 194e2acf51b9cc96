"""Article store throughput: ingest, re-ingest, search, story listing.

    .venv/bin/python bench/bench_store.py [--articles N] [--postgres URL]

Builds Article records from the AllSides sample (../shared/corpora/allsides-sample/jsons,
real news text; falls back to generated text when absent), then on a fresh SQLite file
(and on PostgreSQL when --postgres is given) measures: articles stored per second (one
transaction each, as ingest does), a second pass over the same articles (all
duplicates), full-text queries per second, 100 stories saved and listed, the database
size, and the peak resident memory. Results go in docs/BENCHMARKS.md ("## Article store").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsprism.records import Article, Story
from newsprism.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "jsons"
QUERIES = ("president", "trade tariffs", "supreme court ruling", "health care bill", "election",
           "police shooting", "climate", "immigration border wall", "tax cuts", "senate vote")


def _allsides(limit: int) -> list[Article]:
    articles = []
    for path in sorted(ALLSIDES.glob("*.json"))[:limit]:
        item = json.loads(path.read_text(encoding="utf-8"))
        text = item.get("content_original") or item.get("content") or ""
        title = item.get("title") or None
        articles.append(Article(
            id=item.get("ID") or path.stem, text=text, title=title, outlet=item.get("source") or None,
            url=item.get("url") or None, published=item.get("date") or None,
            authors=tuple(a.strip() for a in (item.get("authors") or "").split(",") if a.strip()),
            source=str(path.name), content_hash=hashlib.sha256(f"{title}\n{text}".encode()).hexdigest(),
        ))
    return articles


def _generated(count: int) -> list[Article]:
    rng = random.Random(7)
    words = [w for q in QUERIES for w in q.split()] + [f"word{n}" for n in range(3000)]
    return [Article(id=f"g{n}", title=" ".join(rng.choices(words, k=8)), outlet=f"Outlet {n % 20}",
                    text="\n\n".join(" ".join(rng.choices(words, k=90)) for _ in range(7)),
                    content_hash=f"g{n}") for n in range(count)]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _bench(name: str, store: Store, articles: list[Article], size: Callable[[], str]) -> None:
    first = _timed(lambda: [store.add_article(a) for a in articles])
    again = _timed(lambda: [store.add_article(a) for a in articles])
    rounds = 5
    hits = 0

    def search() -> None:
        nonlocal hits
        for _ in range(rounds):
            for query in QUERIES:
                hits += len(store.list_articles(query=query, limit=20))

    searching = _timed(search)
    ids = [a.id for a in store.list_articles(limit=len(articles))]
    stories = [Story(id=f"s{n}", title=f"Story {n}", article_ids=tuple(ids[n::100])) for n in range(100)]
    saving = _timed(lambda: [store.save_story(s) for s in stories])
    listing = _timed(lambda: store.list_stories(limit=100))
    count = len(articles)
    print(f"{name}: {count} articles ({sum(len(a.text) for a in articles) / 1e6:.1f} MB of text)")
    print(f"  store:        {first:6.2f} s = {count / first:7,.0f} articles/s")
    print(f"  re-store:     {again:6.2f} s = {count / again:7,.0f} articles/s (all duplicates)")
    print(f"  search:       {searching / (rounds * len(QUERIES)) * 1000:6.2f} ms/query "
          f"(top 20, {hits / rounds / len(QUERIES):.0f} hits/query)")
    print(f"  save_story:   {saving / len(stories) * 1000:6.2f} ms/story; list_stories(100): {listing * 1000:.1f} ms")
    print(f"  size:         {size()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--postgres", help="a postgresql:// URL of an empty database to benchmark too")
    args = parser.parse_args()
    if ALLSIDES.is_dir():
        articles, origin = _allsides(args.articles), "AllSides sample"
    else:
        articles, origin = _generated(args.articles), "generated text (AllSides sample absent)"
    print(f"articles from: {origin}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        with open_store(path) as store:
            def size() -> str:
                files = [path, path.with_name(path.name + "-wal")]
                return f"{sum(f.stat().st_size for f in files if f.exists()) / 1e6:.1f} MB (file + WAL)"

            _bench("SQLite", store, articles, size)
    if args.postgres:
        with open_store(args.postgres) as store:
            def pg_size() -> str:
                with store._read() as q:  # a benchmark may peek at the connection
                    return str(q("SELECT pg_size_pretty(pg_database_size(current_database()))")[0][0])

            _bench("PostgreSQL", store, articles, pg_size)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
