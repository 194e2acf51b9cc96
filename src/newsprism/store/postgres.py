"""The PostgreSQL store, for a server shared by several newsprism processes (psycopg 3).

The schema is the SQLite one (``migrations_pg/``), with jsonb for JSON columns and a
generated ``tsvector`` column with a GIN index for full-text search. ``add_article`` and
migrations take transaction-level advisory locks so concurrent writers cannot race on
the same URL or migration. Opening a database whose schema is up to date writes nothing,
so a role that may only read (``GRANT SELECT``) can open it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from newsprism.errors import MissingDependencyError
from newsprism.records import Article
from newsprism.store.base import Query, Store, now
from newsprism.store.sqlite import migrations

# Advisory lock keys (arbitrary constants, unique to newsprism's use of the database).
_MIGRATION_LOCK = 7_164_221_001
_ARTICLE_LOCK = 7_164_221_002
# Text search configuration: English stemming and stop words, like SQLite's porter stemmer.
TS_CONFIG = "english"
# How long one statement may wait for a lock held by another writer.
LOCK_TIMEOUT = "30s"


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise MissingDependencyError(feature="The PostgreSQL store", package="psycopg",
                                     extra="postgres") from exc
    return psycopg


class PostgresStore(Store):
    """The article store in a PostgreSQL database given by a ``postgresql://`` URL."""

    def __init__(self, url: str) -> None:
        super().__init__(_redact(url))
        psycopg = _psycopg()
        self._psycopg = psycopg
        self._conn: Any = None
        try:
            self._conn = psycopg.connect(url, autocommit=True, options=f"-c lock_timeout={LOCK_TIMEOUT}")
            self._migrate()
        except BaseException as exc:
            self.close()
            if isinstance(exc, psycopg.Error):
                raise self._error(str(exc).strip()) from exc
            raise

    def _migrate(self, *, target: int | None = None) -> list[int]:
        conn = self._conn
        done = []
        if target is None and self._up_to_date():
            return done  # nothing to write: a role that may only read opens the store too
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                         "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            applied = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
            known = migrations("migrations_pg")
            newest = max((version for version, _, _ in known), default=0)
            if applied and max(applied) > newest:
                raise self._error(f"its schema version {max(applied)} is newer than this newsprism knows "
                                  f"({newest}); upgrade newsprism")
            for version, name, sql in known:
                if version in applied or (target is not None and version > target):
                    continue
                with conn.transaction():
                    conn.execute(sql)
                    conn.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (%s, %s, %s)",
                                 (version, name, now()))
                done.append(version)
        return done

    def _up_to_date(self) -> bool:
        """Whether every known migration is applied, read without writing or locking."""
        if self._conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return False
        applied = {row[0] for row in self._conn.execute("SELECT version FROM schema_version")}
        return applied == {version for version, _, _ in migrations("migrations_pg")}

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Query]:
        conn = self._conn
        if conn is None:
            raise self._error("the store is closed")

        def q(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description is not None else []

        try:
            with conn.transaction():
                yield q
        except self._psycopg.Error as exc:
            raise self._error(str(exc).strip()) from exc

    def _lock_writers(self, q: Query) -> None:
        q("SELECT pg_advisory_xact_lock(?)", (_ARTICLE_LOCK,))

    def _encode_json(self, value: Any) -> Any:
        from psycopg.types.json import Jsonb

        return Jsonb(value)

    def _search(self, terms: str) -> tuple[str, str, tuple[Any, ...], str, tuple[Any, ...]]:
        # plainto_tsquery reads any text as plain words joined by AND: no syntax to escape.
        tsquery = f"plainto_tsquery('{TS_CONFIG}', ?)"
        return ("", f"r.search @@ {tsquery}", (terms,), f"ts_rank_cd(r.search, {tsquery}) DESC, a.seq",
                (terms,))

    def _reindex(self, q: Query, seq: int, article: Article) -> None:
        """Nothing to do: the search column is generated from each revision."""


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
