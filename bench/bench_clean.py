"""Cleaning throughput and peak memory on the AllSides sample (one core).

Run ``.venv/bin/python bench/bench_clean.py [--limit N]`` from the project root.
Times ``clean_text`` on ``content_original`` (the raw newspaper3k output) and
``clean_document`` on the same articles with their given metadata; prints articles/s,
MB/s and the peak Python heap (tracemalloc) during the run.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import tracemalloc
from pathlib import Path

from newsprism.clean import clean_document, clean_text
from newsprism.records import RawDocument

ROOT = Path(__file__).resolve().parent.parent
MEMORY_SAMPLE = 500  # documents cleaned under tracemalloc for the memory figure
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

    start, cpu_start = time.perf_counter(), time.process_time()
    for text in texts:
        clean_text(text)
    text_seconds = time.perf_counter() - start
    text_cpu = time.process_time() - cpu_start

    docs = [
        RawDocument(source=r["ID"], text=r.get("content_original") or "",
                    meta={"title": r.get("title"), "authors": r.get("authors"), "url": r.get("url"),
                          "published": r.get("date"), "id": r["ID"]})
        for r in records
    ]
    start, cpu_start = time.perf_counter(), time.process_time()
    failures = 0
    for doc in docs:
        try:
            clean_document(doc)
        except Exception:  # empty articles raise EmptyInputError; count them
            failures += 1
    doc_seconds = time.perf_counter() - start
    doc_cpu = time.process_time() - cpu_start

    tracemalloc.start()  # a separate pass: tracing slows Python down several times
    for doc in docs[:MEMORY_SAMPLE]:
        try:
            clean_document(doc)
        except Exception:
            pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"articles: {len(texts)}  ({megabytes:.1f} MB of raw text)")
    print("throughput per CPU second (one core; wall-clock in brackets, lower when the machine is shared):")
    print(f"clean_text:     {len(texts) / text_cpu:6.0f} articles/s  {megabytes / text_cpu:5.2f} MB/s"
          f"  [{len(texts) / text_seconds:.0f}/s wall]")
    print(f"clean_document: {len(docs) / doc_cpu:6.0f} articles/s  [{len(docs) / doc_seconds:.0f}/s wall]"
          f"  ({failures} inputs raised)")
    print(f"peak traced Python memory while cleaning {MEMORY_SAMPLE} documents: {peak / 1e6:.1f} MB")
    print(f"peak resident memory of the process (corpus loaded): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
