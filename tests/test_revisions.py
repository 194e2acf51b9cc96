"""What changed between two stored revisions of an article: the comparison itself, the
`revisions` command, and the web app's page and JSON (over a real SQLite archive)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsprism.cli import cli
from newsprism.records import Article
from newsprism.render.revisions import diff_revisions
from newsprism.store import open_store
from newsprism.web.app import create_app, revisions_href
from tests._render_sample import HOSTILE_SCRIPT

URL = "https://tallow-gazette.example/2031/quay-fire"
FIRST = (
    "Fire crews evacuated 212 residents from streets near North Quay overnight, the port said.\n\n"
    "Harbour Minister Mirela Kovac said the quay would stay closed while inspectors worked.\n\n"
    "A spokesman for the warehouse's operator declined to comment.\n\n"
    "The cause of the fire is not yet known."
)
SECOND = (
    "Fire crews evacuated 230 residents from streets near North Quay overnight, the port said.\n\n"
    "Harbour Minister Mirela Kovac said the quay would stay closed while inspectors worked.\n\n"
    "The cause of the fire is not yet known.\n\n"
    f"Correction: an earlier version of this article gave the wrong number of residents {HOSTILE_SCRIPT}."
)


def _revisions(first: str = FIRST, second: str = SECOND) -> tuple[Article, Article]:
    old = Article(id="quay-fire", text=first, title="Quay fire forces evacuation", url=URL,
                  outlet="Tallow Street Gazette", content_hash="h1")
    new = Article(id="quay-fire", text=second, title="Quay fire: 230 residents evacuated", url=URL,
                  outlet="Tallow Street Gazette", content_hash="h2")
    return old, new


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "archive.db")
    with open_store(path) as store:
        for article in _revisions():
            store.add_article(article)
        store.add_article(Article(id="single", text="Only one version of this.", title="Single"))
    return path


def test_revisions_show_edited_removed_and_added_paragraphs_and_changed_fields() -> None:
    diff = diff_revisions(*_revisions(), old_revision=1, new_revision=2)
    assert [p.kind for p in diff.paragraphs] == ["changed", "same", "removed", "same", "added"]
    edited = diff.paragraphs[0]
    assert edited.changes == (("212", "230"),)
    assert ("old", "212") in edited.inline and ("new", "230") in edited.inline
    assert "".join(text for kind, text in edited.inline if kind != "old") == edited.new
    assert [(name, old, new) for name, _, old, new in diff.fields] == [
        ("title", "Quay fire forces evacuation", "Quay fire: 230 residents evacuated")]
    assert diff.changed


def test_revisions_read_a_rewritten_paragraph_as_removed_and_added_and_ignore_typography() -> None:
    rewritten = FIRST.replace("A spokesman for the warehouse's operator declined to comment.",
                              "Insurers for the cold store next door sent assessors on Wednesday morning.")
    diff = diff_revisions(*_revisions(FIRST, rewritten), old_revision=1, new_revision=2)
    assert [p.kind for p in diff.paragraphs] == ["same", "same", "removed", "added", "same"]
    curly = FIRST.replace("warehouse's", "warehouse’s")
    assert all(p.kind == "same" for p in diff_revisions(*_revisions(FIRST, curly), old_revision=1,
                                                        new_revision=2).paragraphs)


def test_revisions_command_marks_the_edit_and_gives_json(db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["revisions", "quay-fire", "--db", db])
    assert result.exit_code == 0, result.output
    assert "~ Fire crews evacuated [-212-]{+230+} residents" in result.output
    assert "- A spokesman for the warehouse's operator declined to comment." in result.output
    assert "+ Correction:" in result.output and "Title: Quay fire forces evacuation -> Quay fire: 230" in result.output
    data = json.loads(runner.invoke(cli, ["revisions", "quay-fire", "--db", db, "--json"]).output)
    assert data["revisions"] == [1, 2] and data["paragraphs"][0]["changes"] == [{"old": "212", "new": "230"}]
    single = runner.invoke(cli, ["revisions", "single", "--db", db])
    assert single.exit_code == 0 and "one revision" in single.output
    assert runner.invoke(cli, ["revisions", "quay-fire", "--db", db, "--old", "3"]).exit_code == 2
    assert runner.invoke(cli, ["revisions", "nope", "--db", db]).exit_code == 2


def test_revisions_in_the_web_app(db: str) -> None:
    client = TestClient(create_app(db))
    article = client.get("/articles/quay-fire").text
    assert "This article has 2 revisions" in article and f'href="{revisions_href("quay-fire")}"' in article
    assert "see what changed" not in client.get("/articles/single").text
    page = client.get(revisions_href("quay-fire")).text
    assert '<del class="diff">212</del><ins class="diff">230</ins>' in page
    assert HOSTILE_SCRIPT not in page and "&lt;script&gt;" in page
    assert "one revision" in client.get(revisions_href("single")).text
    assert client.get(revisions_href("quay-fire"), params={"old": 2, "new": 2}).status_code == 400
    assert client.get(revisions_href("quay-fire"), params={"old": 5}).status_code == 400
    assert client.get(revisions_href("nope")).status_code == 404
    api = client.get("/api" + revisions_href("quay-fire")).json()
    cli_json = json.loads(CliRunner().invoke(cli, ["revisions", "quay-fire", "--db", db, "--json"]).output)
    assert api == cli_json
