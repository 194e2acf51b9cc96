"""The store-backed commands end to end: ingest, articles, stories, show (real SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "demo" / "corpus"

pytestmark = pytest.mark.slow


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "news.db"
    first = _run("ingest", str(CORPUS), "--meta", str(CORPUS / "meta.csv"), "--db", str(db), "--json")
    return db, first


def test_cli_ingest_stores_articles_and_reports_the_broken_file(ingested):
    db, first = ingested
    assert first.exit_code == 1  # the demo's broken file
    outcome = json.loads(first.stdout)
    assert len(outcome["new"]) >= 15
    assert outcome["failures"] and all(f["reason"] for f in outcome["failures"])
    assert "broken" in first.stderr
    # merges made by the checkpoint review are reported, and every absorbed id is a story
    # the same run created
    assert set(outcome["merged"]) <= set(outcome["stories"])


def test_cli_review_on_the_demo_store_keeps_every_article_in_one_story(ingested):
    db, first = ingested
    result = _run("review", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)
    assert set(changes) == {"merged", "split"}
    listed = json.loads(_run("stories", "--db", str(db), "--json").stdout)
    members = [a for row in listed for a in _run_json("articles", "--story", row["id"], "--db", str(db))]
    assert sorted(members) == sorted(json.loads(first.stdout)["new"])


def _run_json(*args: str) -> list[str]:
    return [a["id"] for a in json.loads(_run(*args, "--json", "--limit", "1000").stdout)]


def test_cli_ingest_is_idempotent(ingested):
    db, first = ingested
    again = _run("ingest", str(CORPUS), "--meta", str(CORPUS / "meta.csv"), "--db", str(db), "--json")
    outcome = json.loads(again.stdout)
    assert outcome["new"] == [] and outcome["revision"] == []
    assert sorted(outcome["duplicate"]) == sorted(json.loads(first.stdout)["new"])
    assert outcome["stories"] == {}


def test_cli_stories_lists_the_demo_stories(ingested):
    db, _ = ingested
    result = _run("stories", "--db", str(db), "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    expected = json.loads((ROOT / "demo" / "expectations.json").read_text(encoding="utf-8"))
    label = {info["id"]: info["story"] for info in expected["articles"] if info.get("language", "en") == "en"}
    assert sum(row["size"] for row in rows) >= 15
    assert all(row["title"] for row in rows)
    # the English articles are filed exactly in their labelled stories
    filed = {row["id"]: [a for a in _run_json("articles", "--story", row["id"], "--db", str(db)) if a in label]
             for row in rows}
    stories = [members for members in filed.values() if members]
    assert sorted(sorted(m) for m in stories) == sorted(
        sorted(a for a in label if label[a] == story) for story in set(label.values()))


def test_cli_articles_full_text_search(ingested):
    db, _ = ingested
    everything = json.loads(_run("articles", "--db", str(db), "--json", "--limit", "100").stdout)
    assert len(everything) >= 15
    word = max(everything[0]["title"].split(), key=len).strip(".,:;\"'")
    found = json.loads(_run("articles", "--db", str(db), "--json", "--search", word).stdout)
    assert found and any(word.lower() in (a["title"] + a["text"]).lower() for a in found)
    hostile = _run("articles", "--db", str(db), "--search", 'AND OR "* NEAR(')
    assert hostile.exit_code == 0


def test_cli_show_analyses_a_stored_story(ingested, tmp_path):
    db, _ = ingested
    rows = json.loads(_run("stories", "--db", str(db), "--json").stdout)
    biggest = max(rows, key=lambda row: row["size"])
    result = _run("show", biggest["id"], "--db", str(db), "--json", str(tmp_path / "s.json"), "--quiet")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in report["stories"]] == [biggest["id"]]
    assert len(report["stories"][0]["articles"]) == biggest["size"]
    assert report["stories"][0]["claims"]


def test_cli_show_unknown_story_is_a_usage_error(ingested):
    db, _ = ingested
    result = CliRunner().invoke(cli, ["show", "no-such-story", "--db", str(db)])
    assert result.exit_code == 2
    assert "no story" in result.output


def test_cli_stories_sorted_by_size_and_outlets(ingested):
    db, _ = ingested
    by_size = json.loads(_run("stories", "--db", str(db), "--json", "--sort", "size").stdout)
    sizes = [row["size"] for row in by_size]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    by_outlets = json.loads(_run("stories", "--db", str(db), "--json", "--sort", "outlets").stdout)
    counts = [len(row["outlets"]) for row in by_outlets]
    assert counts == sorted(counts, reverse=True)
    refused = _run("stories", "--db", str(db), "--sort", "title")
    assert refused.exit_code == 2 and "title" in refused.output


def test_cli_articles_say_which_story_each_is_filed_in(ingested):
    """An editor finds articles by search and needs their story ids to merge or split."""
    db, _ = ingested
    listed = json.loads(_run("articles", "--db", str(db), "--json", "--limit", "100").stdout)
    for row in listed:
        assert row["filed_in"] and row["id"] in _run_json("articles", "--story", row["filed_in"], "--db", str(db))
    table = _run("articles", "--db", str(db), "--limit", "3").stdout
    assert "story" in table and listed[0]["filed_in"] in table


def test_cli_stories_search_finds_the_story_of_matching_articles(ingested):
    db, _ = ingested
    everything = json.loads(_run("articles", "--db", str(db), "--json", "--limit", "100").stdout)
    target = everything[0]
    word = max(target["title"].split(), key=len).strip(".,:;\"'")
    found = json.loads(_run("stories", "--db", str(db), "--json", "--search", word).stdout)
    assert target["filed_in"] in [row["id"] for row in found]
    matching = {a["filed_in"] for a in json.loads(_run("articles", "--db", str(db), "--json", "--search", word,
                                                        "--limit", "1000").stdout)}
    assert {row["id"] for row in found} == matching
    assert json.loads(_run("stories", "--db", str(db), "--json", "--search", "zzqqxv").stdout) == []


def test_cli_stories_html_writes_the_listed_stories_in_their_order(ingested, tmp_path):
    db, _ = ingested
    out = tmp_path / "site"
    result = _run("stories", "--db", str(db), "--sort", "latest", "--limit", "3", "--json", "--html", str(out))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)  # standard output stays the listing's JSON
    assert len(rows) == 3 and "HTML report" in result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    # the index keeps the listing's order (latest first, not widest first) and names the ids
    places = [index.index(f'<span class="tag">{row["id"]}</span>') for row in rows]
    assert places == sorted(places)
    # each stored story says when it last changed (UTC, to the minute), as the listing does
    assert "<th>Updated (UTC)</th>" in index
    for row, start in zip(rows, places, strict=True):
        assert row["updated_at"][:16].replace("T", " ") in index[start:index.index("</tr>", start)]
    assert [row["last_published"] for row in rows] == sorted((row["last_published"] for row in rows), reverse=True)
    for row in rows:
        (page,) = out.glob(f"story-{row['id']}-*.html")
        members = _run_json("articles", "--story", row["id"], "--db", str(db))
        text = page.read_text(encoding="utf-8")
        assert all(any(p.name in text for p in out.glob(f"article-{m}-*.html")) for m in members)
    unlisted = {row["id"] for row in json.loads(_run("stories", "--db", str(db), "--json").stdout)} - {
        row["id"] for row in rows}
    assert unlisted and not any(list(out.glob(f"story-{story}-*.html")) for story in unlisted)


def test_cli_stories_html_escapes_what_articles_say(tmp_path):
    db = tmp_path / "news.db"
    source = tmp_path / "hostile.jsonl"
    line = {"id": "x1", "title": "<script>alert('t')</script> Council <b>vote</b>", "outlet": "<i>Gazette</i>",
            "published": "2026-05-02",
            "text": "The town council voted on Tuesday to close the <img src=x onerror=alert(1)> ferry pier. "
                    "Councillor Ines Marrow said the pier had been unsafe for years. The vote was seven to two."}
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert _run("ingest", str(source), "--db", str(db), "--quiet").exit_code == 0
    result = _run("stories", "--db", str(db), "--html", str(tmp_path / "site"), "--quiet")
    assert result.exit_code == 0 and result.stdout == ""
    for page in (tmp_path / "site").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<i>Gazette" not in text
    assert "&lt;script&gt;" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_cli_show_reads_back_the_kept_analysis_until_asked_fresh(ingested, tmp_path, monkeypatch):
    """A second `show` of an unchanged story reads its analysis from the store: the same
    report, without analysing; --fresh and another option analyse again."""
    import importlib

    db, _ = ingested
    rows = json.loads(_run("stories", "--db", str(db), "--json").stdout)
    widest = max(rows, key=lambda row: row["size"])["id"]
    _run("show", widest, "--db", str(db), "--fresh", "--json", str(tmp_path / "fresh.json"), "--quiet")

    module = importlib.import_module("newsprism.analyze")
    real, analysed = module.analyze_story, []
    monkeypatch.setattr(module, "analyze_story", lambda story, *a, **k: analysed.append(story.id) or real(story, *a, **k))
    result = _run("show", widest, "--db", str(db), "--json", str(tmp_path / "kept.json"))
    assert result.exit_code == 0 and analysed == []
    fresh, kept = (json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8")) for name in ("fresh", "kept"))
    assert kept == fresh and kept["stories"][0]["claims"]
    _run("show", widest, "--db", str(db), "--fresh", "--quiet")
    _run("show", widest, "--db", str(db), "--summary-words", "30", "--quiet")
    assert analysed == [widest, widest]


# --db naming no archive: the commands that read or edit one refuse it instead of creating it

READING_COMMANDS = [
    ["stories", "--json"], ["articles"], ["show", "s1"], ["feeds"], ["history", "s1"], ["revisions", "a1"],
    ["review"], ["merge", "s1", "s2"], ["split", "s1", "a1"], ["rename", "s1", "A title"], ["serve", "--port", "1"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda command: command[0])
def test_cli_reading_a_missing_archive_fails_and_creates_nothing(command, tmp_path, monkeypatch):
    served = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.append(options))  # never listen
    typo = tmp_path / "archvie typo.db"
    result = CliRunner().invoke(cli, [*command, "--db", str(typo)])
    assert served == []
    assert result.exit_code == 3, result.output
    assert result.stdout == "" and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line == (f"newsprism: error: No archive at {typo}: create one with "
                    f"`newsprism ingest INPUT... --db '{typo}'`.")
    assert list(tmp_path.iterdir()) == []  # no database, no -wal or -shm file


def test_cli_reading_the_missing_default_archive_names_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSPRISM_DB", raising=False)
    result = CliRunner().invoke(cli, ["stories"])
    assert result.exit_code == 3
    assert "No archive at newsprism.db (the default, in this folder" in result.stderr
    named = CliRunner().invoke(cli, ["articles"], env={"NEWSPRISM_DB": str(tmp_path / "elsewhere.db")})
    assert named.exit_code == 3
    assert f"No archive at {tmp_path / 'elsewhere.db'} (named by $NEWSPRISM_DB)" in named.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_ingest_still_creates_a_new_archive(tmp_path):
    db = tmp_path / "fresh" / "new.db"
    db.parent.mkdir()
    source = tmp_path / "invented.jsonl"
    line = {"id": "inv1", "title": "Harbour board delays the ferry timetable", "outlet": "Invented Gazette",
            "text": "The invented harbour board delayed the new ferry timetable by two weeks on Monday. "
                    "Its chair, Oren Vass, said the crews needed more training. The change affects four routes."}
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = _run("ingest", str(source), "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == ["inv1"] and db.is_file()
    listed = _run("articles", "--db", str(db), "--json")
    assert listed.exit_code == 0 and [a["id"] for a in json.loads(listed.stdout)] == ["inv1"]


@pytest.mark.parametrize("command", [["stories"], ["ingest", "-"]], ids=["stories", "ingest"])
def test_cli_db_url_of_another_database_says_what_is_supported(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*command, "--db", "mysql://reader:s3cret@db.example/news"], input="")
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert "only SQLite file paths and postgresql:// URLs are supported" in line
    assert "does not exist" not in line and "s3cret" not in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["stories"], ["ingest", "-"]], ids=["stories", "ingest"])
def test_cli_db_naming_a_folder_says_it_is_a_folder(command, tmp_path):
    folder = tmp_path / "archives"
    folder.mkdir()
    result = CliRunner().invoke(cli, [*command, "--db", str(folder)], input="")
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert f"{folder} failed: it is a folder, not an archive file" in line
    assert str(folder / "newsprism.db") in line
    assert "?." not in line and "unable to open database file" not in line
    assert list(folder.iterdir()) == []
