"""Whole ``newsprism ingest`` rate: read, clean, store in SQLite, cluster with MiniLM
embeddings, review touched stories at each checkpoint; then the archive's HTML front page.

    .venv/bin/python bench/bench_archive.py [--size 2000] [--front-page 50] [--more 200]

The AllSides articles of ``bench_batch.write_collection`` (one JSON Lines file, with their
outlets and dates) are ingested by the real command into a fresh archive, in a child
process so that the wall-clock time includes loading the models and the peak resident
memory is the command's own. A second run over the same file measures the duplicate path.
Last, ``newsprism stories --sort size --limit N --html`` writes the archive's front page
(each of the N widest stories analysed), also timed in a child process; then again, with
nothing changed (every analysis read back from the store); then once more after
``--more`` further articles of the sample were ingested (the next day's stream: only the
stories they changed are analysed again).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
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
    parser.add_argument("--front-page", type=int, default=50, help="stories on the HTML front page")
    parser.add_argument("--more", type=int, default=200, help="articles ingested before the last front page")
    args = parser.parse_args()
    with allsides_collection(args.size + args.more) as whole:
        lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
        path, later = whole.parent / "first.jsonl", whole.parent / "later.jsonl"
        path.write_text("".join(lines[: args.size]), encoding="utf-8")
        later.write_text("".join(lines[args.size :]), encoding="utf-8")
        db = path.parent / "archive.db"
        for label in ("fresh archive", "same file again"):
            seconds, outcome = ingest(path, db)
            counts = {k: (len(v) if isinstance(v, list | dict) else v) for k, v in outcome.items()}
            print(f"{label}: {seconds:.1f} s, {args.size / seconds:.1f} articles/s, {counts}")
        print(f"archive size {db.stat().st_size / 1e6:.1f} MB; peak RSS of the command "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
        seconds, rows = front_page(db, path.parent / "site", args.front_page)
        articles = sum(row["size"] for row in rows)
        print(f"front page of {len(rows)} stories ({articles} articles, sizes {rows[0]['size']}-{rows[-1]['size']}): "
              f"{seconds:.1f} s, {seconds / len(rows):.2f} s a story")
        kept = kept_analyses(db)
        with sqlite3.connect(db) as conn:
            size = conn.execute("SELECT SUM(LENGTH(body)) FROM analyses").fetchone()[0]
        print(f"{len(kept)} analyses kept in the archive, {size / 1e3:.0f} kB in all")
        seconds, rows = front_page(db, path.parent / "site", args.front_page)
        print(f"the same front page again, nothing changed: {seconds:.1f} s, "
              f"{changed(kept, kept_analyses(db))} stories analysed again")
        seconds, outcome = ingest(later, db)
        print(f"{args.more} more articles ingested: {seconds:.1f} s")
        kept = kept_analyses(db)
        seconds, rows = front_page(db, path.parent / "site", args.front_page)
        print(f"front page after them ({sum(row['size'] for row in rows)} articles): {seconds:.1f} s, "
              f"{changed(kept, kept_analyses(db))} of {len(rows)} stories analysed again")


def kept_analyses(db: Path) -> dict[str, str]:
    """Story id -> key of the analysis the archive keeps for it."""
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT story_id, key FROM analyses"))


def changed(before: dict[str, str], after: dict[str, str]) -> int:
    return sum(1 for story, key in after.items() if before.get(story) != key)


def front_page(db: Path, out: Path, stories: int) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsprism", "stories", "--sort", "size", "--limit", str(stories), "--db", str(db),
         "--json", "--quiet", "--html", str(out)],
        capture_output=True, text=True, check=True,
    )
    return time.perf_counter() - started, json.loads(done.stdout)


if __name__ == "__main__":
    main()
