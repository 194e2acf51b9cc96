"""Whole-pipeline rate of ``newsprism batch`` on a local Dask cluster, and what embedding
on the workers changes.

    .venv/bin/python bench/bench_batch.py [--size 300] [--workers 2]

Articles come from the AllSides sample (../shared/corpora/allsides-sample), body =
``content_original`` lightly cleaned, with their outlet and date, written to one JSON Lines
file. Two wall-clock runs on a fresh LocalCluster of worker processes each:

- ``workers``: as shipped, the clusterer's embeddings are computed by worker tasks;
- ``client``: the grouping stage ignores them and embeds on the client, as before.

The grouping stage is timed separately (a wrapper around ``group_stories``), so the
sequential part on the client shows on its own.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_analysis import ALLSIDES  # noqa: E402


def write_collection(size: int, folder: Path) -> Path:
    from newsprism.evaluate.syndication import minimal_clean

    path = folder / "collection.jsonl"
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for source in sorted(ALLSIDES.glob("*.json")):
            data = json.loads(source.read_text(encoding="utf-8"))
            text = minimal_clean(data.get("content_original") or "")
            if len(text.split()) < 80:
                continue
            row = {"id": data["ID"], "title": data.get("title"), "text": text,
                   "outlet": data.get("source"), "published": data.get("date")}
            out.write(json.dumps(row) + "\n")
            written += 1
            if written >= size:
                break
    return path


@contextmanager
def allsides_collection(size: int) -> Iterator[Path]:
    """The collection file in a temporary folder (removed afterwards)."""
    if not ALLSIDES.exists():
        raise SystemExit(f"the AllSides sample is absent ({ALLSIDES})")
    with tempfile.TemporaryDirectory() as tmp:
        yield write_collection(size, Path(tmp))


def run(path: Path, workers: int, mode: str) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from newsprism.stories import batch
    from newsprism.stories.group import group_stories

    timings: dict[str, float] = {}

    def group(articles, *, one_story=False, embedder=None):
        started = time.perf_counter()
        stories = group_stories(articles, one_story=one_story, embedder=embedder if mode == "workers" else None)
        timings["group"] = time.perf_counter() - started
        return stories

    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            client.run(lambda: __import__("newsprism.language.models", fromlist=["embed"]).embed(["warm up"]))
            started = time.perf_counter()
            report = batch.run_batch([str(path)], client=client, group=group, progress=False)
            timings["total"] = time.perf_counter() - started
    timings["articles"] = len(report.articles)
    timings["stories"] = len(report.stories)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with allsides_collection(args.size) as path:
        for mode in ("workers", "client"):
            t = run(path, args.workers, mode)
            print(f"{mode:8s} {t['articles']:.0f} articles, {t['stories']:.0f} stories: total {t['total']:.1f} s "
                  f"({t['articles'] / t['total']:.1f} articles/s), grouping on the client {t['group']:.1f} s")


if __name__ == "__main__":
    main()
