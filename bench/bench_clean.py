"""Cleaning throughput and peak memory on the AllSides sample (one core).

Run ``.venv/bin/python bench/bench_clean.py [--limit N]`` from the project root.
Times ``clean_text`` on ``content_original`` (the raw newspaper3k output) and
``clean_document`` on the same articles with their given metadata; prints articles/s,
MB/s and the peak Python heap (tracemalloc) during the run.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from pathlib import Path

from newsprism.clean import clean_document, clean_text
from newsprism.records import RawDocument

ROOT = Path(__file__).resolve().parent.parent
JSONS = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "jsons"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (0 = all)")
    args = parser.parse_args()
    if not JSONS.exists():
        raise SystemExit(f"needs {JSONS.relative_to(ROOT.parent)} (the shared corpora), which is absent")
    paths = sorted(JSONS.glob("*.json"))
    if args.limit:
        paths = paths[: args.limit]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    texts = [r.get("content_original") or "" for r in records]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    clean_text("Warm-up: load py3langid's model before timing.")

    start = time.perf_counter()
    for text in texts:
        clean_text(text)
    text_seconds = time.perf_counter() - start

    docs = [
        RawDocument(source=r["ID"], text=r.get("content_original") or "",
                    meta={"title": r.get("title"), "authors": r.get("authors"), "url": r.get("url"),
                          "published": r.get("date"), "id": r["ID"]})
        for r in records
    ]
    tracemalloc.start()
    start = time.perf_counter()
    failures = 0
    for doc in docs:
        try:
            clean_document(doc)
        except Exception:  # empty articles raise EmptyInputError; count them
            failures += 1
    doc_seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"articles: {len(texts)}  ({megabytes:.1f} MB of raw text)")
    print(f"clean_text:     {len(texts) / text_seconds:8.0f} articles/s  {megabytes / text_seconds:6.2f} MB/s")
    print(f"clean_document: {len(docs) / doc_seconds:8.0f} articles/s  (under tracemalloc; {failures} empty inputs)")
    print(f"peak traced memory during clean_document: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
