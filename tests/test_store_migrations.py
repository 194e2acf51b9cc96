"""Schema migrations on both backends: an old database is brought up to date with its
data intact, opening again changes nothing, a newer schema is refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.errors import StoreError
from newsprism.records import Story
from newsprism.store import open_store
from newsprism.store.sqlite import migrate, migrations

pytest_plugins = ("tests.store_support",)

_STAMP = "2030-01-01T00:00:00+00:00"
_OLD_ARTICLE = [
    "INSERT INTO articles (id, latest_revision, first_seen, updated_at) "
    f"VALUES ('old1', 1, '{_STAMP}', '{_STAMP}')",
    "INSERT INTO article_revisions (article_id, revision, dedup_hash, added_at, source, title, outlet, url, "
    "authors, published, dateline, language, story, text, headings, removed, evidence, content_hash) "
    f"VALUES ('old1', 1, 'h-old', '{_STAMP}', 'old.txt', 'Lighthouse keeper retires', 'Cape Weekly', NULL, "
    "'[\"Ida Brann\"]', '2030', NULL, 'en', NULL, 'The lighthouse at Skerra goes automatic.', '[]', '[]', "
    "'[]', 'h-old')",
]


@pytest.fixture(params=["sqlite", "postgres"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(backend, location) of a database that does not exist yet / is empty."""
    if request.param == "sqlite":
        yield "sqlite", str(tmp_path / "old.db")
    else:
        yield "postgres", request.getfixturevalue("pg_database")


def _versions(backend: str, location: str) -> list[tuple[int, str, str]]:
    sql = "SELECT version, name, applied_at FROM schema_version ORDER BY version"
    if backend == "sqlite":
        with sqlite3.connect(location) as conn:
            return [tuple(row) for row in conn.execute(sql)]
    import psycopg

    with psycopg.connect(location) as conn:
        return [tuple(row) for row in conn.execute(sql)]


def _make_version_1_database(backend: str, location: str) -> None:
    """A database as the first release left it, holding one article."""
    if backend == "sqlite":
        conn = sqlite3.connect(location, isolation_level=None)
        assert migrate(conn, target=1) == [1]
        for statement in _OLD_ARTICLE:
            conn.execute(statement)
        conn.execute("INSERT INTO articles_fts (rowid, title, text) SELECT seq, 'Lighthouse keeper retires', "
                     "'The lighthouse at Skerra goes automatic.' FROM articles")
        conn.close()
        return
    import psycopg

    ((version, name, sql),) = [m for m in migrations("migrations_pg") if m[0] == 1]
    with psycopg.connect(location, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                     "applied_at TEXT NOT NULL)")
        conn.execute(sql)
        conn.execute("INSERT INTO schema_version VALUES (%s, %s, %s)", (version, name, _STAMP))
        for statement in _OLD_ARTICLE:
            conn.execute(statement)


def test_store_migrations_files_are_numbered_and_match_across_backends() -> None:
    sqlite_files = [(version, name) for version, name, _ in migrations()]
    pg_files = [(version, name) for version, name, _ in migrations("migrations_pg")]
    assert [version for version, _ in sqlite_files] == list(range(1, len(sqlite_files) + 1))
    assert sqlite_files == pg_files
    assert sqlite_files[0][1] == "0001_init.sql"


def test_store_migrations_new_database_gets_every_version(fresh: tuple[str, str]) -> None:
    backend, location = fresh
    open_store(location).close()
    assert [row[0] for row in _versions(backend, location)] == [m[0] for m in migrations()]


def test_store_migrations_old_database_is_migrated_with_its_data(fresh: tuple[str, str]) -> None:
    backend, location = fresh
    _make_version_1_database(backend, location)
    before = _versions(backend, location)
    assert [row[0] for row in before] == [1]
    with open_store(location) as store:
        old = store.get_article("old1")
        assert old is not None
        assert (old.title, old.authors, old.published) == ("Lighthouse keeper retires", ("Ida Brann",), "2030")
        assert [a.id for a in store.list_articles(query="lighthouse")] == ["old1"]
        # the tables of migration 2 work
        store.save_story(Story("cape", "Cape news", ("old1",)))
        assert store.story_of("old1") == "cape"
    versions = _versions(backend, location)
    assert [row[0] for row in versions] == [m[0] for m in migrations()]
    assert versions[0] == before[0]  # the old record is untouched


def test_store_migrations_opening_twice_is_a_no_op(fresh: tuple[str, str]) -> None:
    backend, location = fresh
    with open_store(location) as store:
        store.save_state("marker", b"kept")
    before = _versions(backend, location)
    with open_store(location) as store:
        assert store.load_state("marker") == b"kept"
    assert _versions(backend, location) == before
    if backend == "sqlite":
        conn = sqlite3.connect(location, isolation_level=None)
        assert migrate(conn) == []
        conn.close()


def test_store_migrations_newer_schema_is_refused(fresh: tuple[str, str]) -> None:
    backend, location = fresh
    open_store(location).close()
    sql = "INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future.sql', 'later')"
    if backend == "sqlite":
        with sqlite3.connect(location) as conn:
            conn.execute(sql)
    else:
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute(sql)
    with pytest.raises(StoreError, match="newer than this newsprism knows"):
        open_store(location)


def test_store_migrations_failed_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    path = str(tmp_path / "half.db")
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    # a table that migration 2 wants to create already exists: migration 2 must fail whole
    conn.execute("CREATE TABLE story_events (x INTEGER)")
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "stories" not in tables
    assert [row[0] for row in conn.execute("SELECT version FROM schema_version")] == [1]
    conn.close()
