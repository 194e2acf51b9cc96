"""The SQLite store: one file, stdlib ``sqlite3``, WAL journal, FTS5 search.

Writers take the database's write lock up front (``BEGIN IMMEDIATE``) and wait for it up
to ``BUSY_TIMEOUT_S``; readers never wait for writers thanks to the WAL journal.

A store this process may not write (a read-only file, or a folder where SQLite cannot make
its journal files: read-only media, another user's archive) is opened for reading: list,
search and show work, and anything that writes fails with a clear error. Where even the
journal's shared-memory file cannot be made, the file is read as immutable, without locks:
that is meant for a copy no one writes while it is read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsprism.errors import StoreError
from newsprism.records import Article
from newsprism.store.base import Query, Store, now, query_terms

# How long a writer waits for another process's write to finish before failing. Ingest
# transactions are one article each (milliseconds), so 30 s only trips on a stuck writer.
BUSY_TIMEOUT_S = 30.0
# Column weights for bm25 ranking (title, text): a word in the title counts like four in
# the body, the usual news-search choice; not tuned on data.
BM25_WEIGHTS = (4.0, 1.0)
MEMORY = ":memory:"


def migrations(folder: str = "migrations") -> list[tuple[int, str, str]]:
    """(version, name, sql) of every numbered migration file in ``folder``, in order."""
    found = []
    for entry in resources.files("newsprism.store").joinpath(folder).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(conn: sqlite3.Connection, *, target: int | None = None) -> list[int]:
    """Apply the migrations not yet recorded in ``schema_version`` (up to ``target``), each
    in its own transaction; returns the versions applied. ``conn`` must be in autocommit
    mode (``isolation_level=None``)."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                 "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    known = migrations()
    applied = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
    newest = max((version for version, _, _ in known), default=0)
    if applied and max(applied) > newest:
        raise StoreError(location=_name(conn), problem=f"its schema version {max(applied)} is newer than "
                         f"this newsprism knows ({newest}); upgrade newsprism")
    done = []
    for version, name, sql in known:
        if version in applied or (target is not None and version > target):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it while we waited for the lock.
            if not conn.execute("SELECT 1 FROM schema_version WHERE version = ?", (version,)).fetchone():
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                             (version, name, now()))
                done.append(version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return done


def connect(path: str) -> sqlite3.Connection:
    """A connection with the store's settings: autocommit (transactions are explicit),
    foreign keys, busy timeout, WAL journal."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    if path != MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
        # With WAL, NORMAL keeps the database consistent after a crash; only the last
        # commits before a power loss may be lost (an ingest re-run restores them).
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class SQLiteStore(Store):
    """The article store in one SQLite file (or ``:memory:``)."""

    def __init__(self, path: str | Path) -> None:
        location = str(path)
        super().__init__(location)
        if location != MEMORY and not Path(location).parent.is_dir():
            raise self._error(f"the folder {Path(location).parent} does not exist; create it first")
        if location != MEMORY and Path(location).is_dir():
            raise self._error(f"it is a folder, not an archive file; name a file in it, such as "
                              f"{Path(location) / 'newsprism.db'}")
        self._conn: sqlite3.Connection | None = None
        self._read_only = ""  # why the store could only be opened for reading, if it was
        try:
            self._conn = connect(location)
            migrate(self._conn)
        except BaseException as exc:
            self.close()
            cannot_write = isinstance(exc, sqlite3.OperationalError) and any(
                words in str(exc) for words in ("readonly", "unable to open database file"))
            if cannot_write and location != MEMORY and Path(location).is_file():
                self._conn = self._open_read_only(location, exc)
                self._read_only = str(exc)
                return
            if cannot_write and location != MEMORY and not Path(location).exists():
                raise self._error(f"it cannot be created: the folder {Path(location).parent} "
                                  f"cannot be written ({exc})") from exc
            if isinstance(exc, sqlite3.Error):
                raise self._error(f"{exc}; check that it is a newsprism SQLite database") from exc
            raise

    def _open_read_only(self, location: str, cause: sqlite3.Error) -> sqlite3.Connection:
        """The store opened for reading only, after opening it to write failed with ``cause``."""
        uri = "file:" + quote(str(Path(location).resolve()))
        for mode in ("mode=ro", "immutable=1"):
            try:
                conn = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=BUSY_TIMEOUT_S,
                                       isolation_level=None, check_same_thread=False)
            except sqlite3.Error:
                continue
            try:
                conn.execute("PRAGMA foreign_keys = ON")
                applied = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
            except sqlite3.Error:
                conn.close()
                continue
            pending = [version for version, _, _ in migrations() if version not in applied]
            if pending:
                conn.close()
                raise self._error(f"it can only be read here ({cause}), and it needs upgrading to this "
                                  "newsprism's schema first: open it once where it can be written") from cause
            return conn
        raise self._error(f"{cause}; check that it is a newsprism SQLite database") from cause

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Query]:
        conn = self._conn
        if conn is None:
            raise self._error("the store is closed")

        def q(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
            return conn.execute(sql, params).fetchall()

        if write and self._read_only:
            raise self._error(f"it can only be read here ({self._read_only})")
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as exc:
            raise self._error(str(exc)) from exc
        try:
            yield q
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._error(str(exc)) from exc
            raise

    def _lock_writers(self, q: Query) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the database's write lock."""

    def _search(self, terms: str) -> tuple[str, str, tuple[Any, ...], str, tuple[Any, ...]]:
        # Each word quoted: FTS5 reads a quoted string as a plain phrase, never as syntax.
        match = " ".join(f'"{term}"' for term in query_terms(terms))
        title_weight, text_weight = BM25_WEIGHTS
        return ("JOIN articles_fts ON articles_fts.rowid = a.seq", "articles_fts MATCH ?", (match,),
                f"bm25(articles_fts, {title_weight}, {text_weight}), a.seq", ())

    def _reindex(self, q: Query, seq: int, article: Article) -> None:
        q("DELETE FROM articles_fts WHERE rowid = ?", (seq,))
        q("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", (seq, article.title, article.text))


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a script (triggers with inner semicolons stay whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip() and not all(not line.strip() or line.strip().startswith("--")
                                   for line in pending.splitlines()):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending.strip()[:80]}")


def _name(conn: sqlite3.Connection) -> str:
    rows = conn.execute("PRAGMA database_list").fetchall()
    return next((row[2] or MEMORY for row in rows if row[1] == "main"), MEMORY)
