"""A SQLite archive this process may not write: a read-only folder and file (read-only
media, another user's archive). It opens for reading; writing fails with a clear error.

The tests run as root in CI, where permission bits do not stop writes, so there the file
and its folder are made immutable (``chattr +i``), which stops root too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsprism.errors import StoreError
from newsprism.records import Story
from newsprism.store import open_store
from newsprism.store.sqlite import connect, migrate, migrations
from tests.store_samples import article


@contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """``folder`` and its files cannot be written while inside."""
    paths = [*folder.iterdir(), folder]
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", *map(str, paths)], capture_output=True).returncode:
            subprocess.run([chattr or "chattr", "-i", *map(str, paths)], capture_output=True)
            pytest.skip("root ignores permissions, and chattr +i is not available here to stop its writes")
        undo = [chattr, "-i", *map(str, paths)]
    else:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        undo = []
    try:
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        for path in paths:
            path.chmod(0o755 if path.is_dir() else 0o644)


def _archive(folder: Path) -> Path:
    path = folder / "archive.db"
    with open_store(path) as store:
        for n in (1, 2, 3):
            store.add_article(article(n))
        store.save_story(Story("s000001", "Canal road cleared", ("art1", "art2", "art3")), event="created")
        for n in (1, 2, 3):
            store.assign(f"art{n}", "s000001")
        store.save_analysis("s000001", "key-1", b"kept analysis")
    for journal in folder.glob("archive.db-*"):  # a clean copy, as on read-only media
        journal.unlink()
    return path


def test_a_read_only_archive_opens_for_listing_searching_and_showing(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    path = _archive(folder)
    with _read_only(folder):
        with open_store(path) as store:
            assert store.count_articles() == 3
            assert [a.id for a in store.list_articles(query="pumping")] == ["art1", "art2", "art3"]
            assert store.get_story("s000001").article_ids == ("art1", "art2", "art3")
            assert store.load_analysis("s000001") == ("key-1", b"kept analysis")
            with pytest.raises(StoreError, match="can only be read here"):
                store.add_article(article(4))
            with pytest.raises(StoreError, match="can only be read here"):
                store.save_analysis("s000001", "key-2", b"new analysis")
        assert sorted(p.name for p in folder.iterdir()) == ["archive.db"]  # nothing written beside it


def test_a_read_only_archive_of_an_older_schema_says_it_needs_upgrading(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    path = folder / "archive.db"
    conn = connect(str(path))
    migrate(conn, target=migrations()[-1][0] - 1)
    conn.execute("PRAGMA journal_mode = DELETE")  # closes cleanly, without journal files
    conn.close()
    with _read_only(folder), pytest.raises(StoreError, match="needs upgrading"):
        open_store(path)
    with open_store(path) as store:  # where it can be written, it is upgraded as before
        assert store.count_articles() == 0


def test_a_file_that_is_no_database_still_says_so_when_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "notes.db").write_bytes(b"these are not the pages of a database file" * 50)
    with _read_only(folder), pytest.raises(StoreError, match="notes.db"):
        open_store(folder / "notes.db")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(folder / "notes.db").execute("SELECT 1 FROM sqlite_master").fetchall()


def test_a_new_archive_in_a_read_only_folder_says_the_folder_cannot_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    (folder / "readme.txt").write_text("kept here", encoding="utf-8")
    with _read_only(folder), pytest.raises(StoreError, match="cannot be created: the folder .*shelf cannot be written"):
        open_store(folder / "archive.db")
    assert not (folder / "archive.db").exists()


def test_the_web_app_over_a_read_only_archive_shows_it_and_refuses_to_add(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app
    from tests.web_support import form_token, sample_archive

    folder = tmp_path / "archive"
    folder.mkdir()
    path = sample_archive(folder / "archive.db")
    for journal in folder.glob("archive.db-*"):
        journal.unlink()
    with _read_only(folder):
        client = TestClient(create_app(str(path)))
        assert client.get("/").status_code == 200
        assert "Who reported what" in client.get("/stories/s1").text  # the kept analysis, read back
        token = form_token(client.get("/add").text)
        refused = client.post("/add", data={"token": token, "title": "Harbour reopens",
                                            "text": "Quillon harbour reopened on Monday after repairs."})
        assert refused.status_code == 503 and "can only be read here" in refused.text
        assert "Harbour reopens" in refused.text  # the form comes back filled in
    with open_store(path) as store:
        assert store.count_articles() == 5
