"""Ingest throughput: documents read per second from files.

    .venv/bin/python bench/bench_ingest.py [--repeat N]

Reads the AllSides sample's per-article JSON files (../shared/corpora/allsides-sample/jsons,
skipped when absent) and the bundled demo corpus, and prints documents/s, MB/s and the
peak resident memory of the process. Results go in docs/BENCHMARKS.md ("### Ingest").
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from newsprism.ingest import read_inputs
from newsprism.records import Failure

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "jsons"
DEMO = ROOT / "demo" / "corpus"


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _run(name: str, folder: Path, repeat: int) -> None:
    best = float("inf")
    documents = failures = 0
    for _ in range(repeat):
        started = time.perf_counter()
        items = list(read_inputs([str(folder)]))
        best = min(best, time.perf_counter() - started)
        failures = sum(isinstance(item, Failure) for item in items)
        documents = len(items) - failures
    megabytes = _size(folder) / 1e6
    print(f"{name}: {documents} documents, {failures} failures, {megabytes * 1000:,.0f} KB, best of {repeat}: "
          f"{best * 1000:,.1f} ms = {documents / best:,.0f} documents/s, {megabytes / best:.1f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if ALLSIDES.is_dir():
        _run("AllSides sample (JSON files)", ALLSIDES, args.repeat)
    else:
        print(f"AllSides sample absent ({ALLSIDES.relative_to(ROOT.parent)}): skipped")
    _run("demo corpus", DEMO, max(args.repeat, 20))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
