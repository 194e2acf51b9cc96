"""Opening a store: where the default lives, which backend a location picks, and the
errors a user sees when it cannot be opened."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsprism.errors import MissingDependencyError, StoreError
from newsprism.records import Article
from newsprism.store import DB_ENV, NoArchiveError, open_store
from newsprism.store.postgres import PostgresStore
from newsprism.store.sqlite import SQLiteStore
from tests.store_samples import article

pytest_plugins = ("tests.store_support",)


def test_store_open_default_is_newsprism_db_in_current_folder(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)
    with open_store() as store:
        assert isinstance(store, SQLiteStore)
        store.add_article(article(1))
    assert (tmp_path / "newsprism.db").is_file()
    with open_store(tmp_path / "newsprism.db") as again:
        assert again.count_articles() == 1


def test_store_open_default_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "elsewhere.sqlite"
    monkeypatch.setenv(DB_ENV, str(target))
    with open_store() as store:
        store.save_state("x", b"1")
    assert target.is_file()
    assert not (tmp_path / "newsprism.db").exists()


def test_store_open_in_memory() -> None:
    with open_store(":memory:") as store:
        store.add_article(article(1))
        assert store.count_articles() == 1


def test_store_open_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "store.db")


def test_store_open_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are not the pages of a database file" * 50)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(junk)


def test_store_open_postgres_without_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(MissingDependencyError, match=r"newsprism\[postgres\]"):
        open_store("postgresql://reader@db.example/news")


def test_store_open_postgres_unreachable_hides_password(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://reader:s3cret-word@/news?host={tmp_path}&port=1&connect_timeout=2"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert "s3cret-word" not in str(caught.value)
    assert "reader:***@" in str(caught.value)


def test_store_open_postgres_refuses_nul_characters_clearly(pg_database: str) -> None:
    with open_store(pg_database) as store:
        assert isinstance(store, PostgresStore)
        with pytest.raises(StoreError, match="failed"):
            store.add_article(Article(id="nul", text="before\x00after"))
        # the failed transaction is gone and the store goes on working
        assert store.count_articles() == 0
        assert store.add_article(article(1)).status == "new"


def test_store_open_without_create_refuses_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(NoArchiveError, match=r"No archive at .*typo\.db: create one with `newsprism ingest"):
        open_store(missing, create=False)
    assert not missing.exists()
    with open_store(missing) as store:  # creating it is the default
        store.add_article(article(1))
    with open_store(missing, create=False) as store:
        assert store.count_articles() == 1
    with open_store(":memory:", create=False) as store:
        assert store.count_articles() == 0


def test_store_open_message_for_a_file_that_is_not_a_database_ends_once(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are not the pages of a database file" * 50)
    with pytest.raises(StoreError) as caught:
        open_store(junk)
    assert "newsprism SQLite database" in str(caught.value) and "?." not in str(caught.value)
