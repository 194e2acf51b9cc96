"""Whole ``newsprism ingest`` rate: read, clean, store in SQLite, cluster with MiniLM
embeddings, review touched stories at each checkpoint.

    .venv/bin/python bench/bench_archive.py [--size 2000]

The AllSides articles of ``bench_batch.write_collection`` (one JSON Lines file, with their
outlets and dates) are ingested by the real command into a fresh archive, in a child
process so that the wall-clock time includes loading the models and the peak resident
memory is the command's own. A second run over the same file measures the duplicate path.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import allsides_collection  # noqa: E402


def ingest(path: Path, db: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsprism", "ingest", str(path), "--db", str(db), "--json", "--quiet"],
        capture_output=True, text=True, check=True,
    )
    return time.perf_counter() - started, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000)
    args = parser.parse_args()
    with allsides_collection(args.size) as path:
        db = path.parent / "archive.db"
        for label in ("fresh archive", "same file again"):
            seconds, outcome = ingest(path, db)
            counts = {k: (len(v) if isinstance(v, list | dict) else v) for k, v in outcome.items()}
            print(f"{label}: {seconds:.1f} s, {args.size / seconds:.1f} articles/s, {counts}")
        print(f"archive size {db.stat().st_size / 1e6:.1f} MB; peak RSS of the command "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
