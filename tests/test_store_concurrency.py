"""Several users of one store at once: readers during writes, two writers ingesting the
same batch, and a writer process killed in the middle of a transaction."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from newsprism.records import Failure
from newsprism.store import Store, open_store
from tests.store_samples import article

pytest_plugins = ("tests.store_support",)

ROOT = Path(__file__).resolve().parent.parent

_KILL_MID_TRANSACTION = """
import os, signal, sys
from newsprism.store import open_store
from tests.store_samples import article

store = open_store(sys.argv[1])
real_reindex = store._reindex
calls = []

def die_on_third(q, seq, stored):
    calls.append(stored.id)
    if len(calls) == 3:  # the third article's revision row is written, not committed
        os.kill(os.getpid(), signal.SIGKILL)
    real_reindex(q, seq, stored)

store._reindex = die_on_third
for number in range(5):
    store.add_article(article(number))
"""


def test_store_concurrency_sqlite_reader_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    with open_store(path) as store:
        writer = sqlite3.connect(path, isolation_level=None)
        assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        writer.execute("PRAGMA busy_timeout = 100")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO failures (source, reason, first_seen, last_seen) "
                       "VALUES ('feed.xml', 'timed out', 'now', 'now')")
        # the write lock is held: reads go on and see the last committed state
        assert store.failures() == []
        assert store.count_articles() == 0
        writer.execute("COMMIT")
        assert store.failures() == [Failure("feed.xml", "timed out")]
        writer.close()


def test_store_concurrency_reader_sees_consistent_states_during_ingest(store: Store, store_location: str) -> None:
    batch = [article(number) for number in range(40)]
    errors: list[BaseException] = []

    def ingest() -> None:
        try:
            with open_store(store_location) as writer:
                writer.add_articles(batch)
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=ingest)
    thread.start()
    seen = []
    while thread.is_alive() or not seen:
        count = store.count_articles()
        listed = store.list_articles(limit=100)
        # each read is a committed state: a prefix of the batch, whole articles only
        assert listed == batch[:len(listed)]
        assert count <= len(batch)
        seen.append(count)
    thread.join()
    assert not errors
    assert seen == sorted(seen)
    assert store.count_articles() == len(batch)
    assert store.list_articles(limit=100) == batch


def test_store_concurrency_two_writers_same_batch(store: Store, store_location: str) -> None:
    batch = [article(number) for number in range(25)]
    results: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def ingest(name: str) -> None:
        try:
            with open_store(store_location) as writer:
                results[name] = [r.status for r in writer.add_articles(batch)]
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for position in range(len(batch)):
        assert sorted(results[name][position] for name in results) == ["duplicate", "new"]
    assert store.count_articles() == len(batch)
    assert all(store.revisions(item.id) == [1] for item in batch)


def test_store_concurrency_process_killed_mid_transaction(store: Store, store_location: str) -> None:
    done = subprocess.run([sys.executable, "-c", _KILL_MID_TRANSACTION, store_location], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    # the killed transaction left nothing behind
    assert store.count_articles() == 2
    assert store.get_article("art2") is None
    assert store.revisions("art2") == []
    assert len(store.list_articles(query="Tarrowby")) == 2
    # the re-run completes the batch
    batch = [article(number) for number in range(5)]
    assert [r.status for r in store.add_articles(batch)] == ["duplicate"] * 2 + ["new"] * 3
    assert store.list_articles() == batch
    assert len(store.list_articles(query="Tarrowby")) == 5
    if not store_location.startswith("postgresql://"):
        with sqlite3.connect(store_location) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
            assert conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == 5
