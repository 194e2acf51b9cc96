"""The web app's pages and JSON over a real SQLite and PostgreSQL archive, through
Starlette's test client (no language models: the stories' analyses are kept in the
archive, and a test that would analyse fails instead). The browser and a real server are
in test_web_serve.py."""

from __future__ import annotations

import importlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsprism.archive import save_feed_states
from newsprism.cli import cli
from newsprism.errors import ConcurrentUpdateError
from newsprism.ingest import FeedRead, FeedState
from newsprism.records import Article, Failure, Story
from newsprism.render.json import SCHEMA_PATH, check_offsets
from newsprism.store import open_store
from newsprism.web.app import (
    LOOPBACK_NAMES,
    MAX_FORM_BYTES,
    PAGE_SIZE,
    article_href,
    create_app,
    is_loopback,
    outlet_href,
)
from tests._render_sample import HOSTILE_IMG, HOSTILE_SCRIPT
from tests.web_support import form_token, sample_archive

pytest_plugins = ("tests.store_support",)


@pytest.fixture(autouse=True)
def _analyses_settle(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test's background analyses end while its stand-ins for the models are in
    place: one left running would analyse with the real models after the test, and keep
    its analysis in the next test's archive (the PostgreSQL database is reused)."""
    apps = []
    make = create_app

    def recorded(*args: object, **kwargs: object) -> object:
        apps.append(made := make(*args, **kwargs))
        return made

    monkeypatch.setattr(sys.modules[__name__], "create_app", recorded)
    yield
    for app in apps:
        app.state.analyses.settle(60)


@pytest.fixture()
def db(store_location: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The sample archive in SQLite and in PostgreSQL (skipped when it is not installed)."""
    def no_models(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page analysed a story instead of reading its kept analysis")

    monkeypatch.setattr(importlib.import_module("newsprism.analyze"), "analyze_story", no_models)
    return str(sample_archive(store_location))


@pytest.fixture()
def client(db: str) -> TestClient:
    return TestClient(create_app(db))


def test_web_index_lists_stories_escaped_with_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert 'href="/stories/s1"' in html and 'href="/stories/s2"' in html
    assert "Marrowby flood gates fail &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE_SCRIPT not in html
    assert "5 articles in the archive" in html
    assert "nav.app {" in html  # the app's own CSS, which the static report's pages do not carry
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_web_story_page_reads_the_kept_analysis_and_links_within_the_app(client: TestClient) -> None:
    response = client.get("/stories/s1")
    assert response.status_code == 200
    html = response.text
    assert "Who reported what" in html and "The river peaked at about six metres." in html
    # links to articles are the app's own addresses, ids quoted ("wire/2", "herald 3")
    assert f'href="{article_href("wire/2")}' in html and "/articles/wire%2F2" in html
    assert "/articles/herald%203" in html
    assert ".html" not in "".join(part.split('"')[0] for part in html.split('href="')[1:])
    assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html


def test_web_article_page_highlights_and_links_to_its_story(client: TestClient) -> None:
    response = client.get(article_href("wire/2"))
    assert response.status_code == 200
    html = response.text
    assert 'href="/stories/s1"' in html  # "in story …"
    assert "<mark" in html and "The river peaked at 6.4 metres." in html
    hostile = client.get(article_href("evil")).text
    assert HOSTILE_SCRIPT not in hostile and "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile


def test_web_article_without_story_still_shows(db: str) -> None:
    with open_store(db) as store:
        store.add_article(Article(id="loose", text="Ferry timetables at Quillon change in May.",
                                  title="Quillon ferries", outlet="Quillon Post"))
    response = TestClient(create_app(db)).get("/articles/loose")
    assert response.status_code == 200
    assert "Quillon ferries" in response.text and "in story" not in response.text


def test_web_unknown_ids_give_404_with_the_id_escaped(client: TestClient) -> None:
    for path in ("/stories/", "/articles/"):
        response = client.get(path + quote("<b>nope</b>", safe=""))
        assert response.status_code == 404
        assert "&lt;b&gt;nope&lt;/b&gt;" in response.text and "<b>nope</b>" not in response.text
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/articles/nope").json() == {"error": "no article 'nope'"}


def test_web_absorbed_story_redirects_to_the_story_holding_it(db: str) -> None:
    with open_store(db) as store:
        store.merge_stories("s1", "s2")
    client = TestClient(create_app(db), follow_redirects=False)
    response = client.get("/stories/s2")
    assert response.status_code == 308 and response.headers["location"] == "/stories/s1"


def test_web_search_lists_matching_articles_and_their_stories(client: TestClient) -> None:
    html = client.get("/search", params={"q": "families water"}).text
    assert "Search: families water" in html
    assert 'href="/articles/lantern-1"' in html and 'href="/stories/s1"' in html
    assert "/articles/foreign" not in html  # the French article does not match
    nothing = client.get("/search", params={"q": "zeppelin"}).text
    assert "No article matches" in nothing
    assert client.get("/search", params={"q": " "}, follow_redirects=False).status_code == 303


def test_web_listing_sorts_and_pages(db: str) -> None:
    with open_store(db) as store:
        for number in range(PAGE_SIZE):
            store.add_article(Article(id=f"brief{number}", text=f"Brief number {number} from Quillon harbour.",
                                      title=f"Brief {number}", outlet="Quillon Post"))
            store.save_story(Story(f"t{number:03d}", f"Brief {number}", (f"brief{number}",)), event="created")
    client = TestClient(create_app(db))
    first = client.get("/").text
    assert first.count('href="/stories/') == PAGE_SIZE and 'href="/?page=2"' in first
    second = client.get("/?page=2").text
    assert second.count('href="/stories/') == 2 and "Newer page" in second and "Next page" not in second
    by_size = client.get("/?sort=size").text
    assert by_size.index('href="/stories/s1"') < by_size.index('href="/stories/t000"')  # 4 articles first
    assert client.get("/?sort=oldest").status_code == 400
    assert client.get("/?page=100000000000000000000").status_code == 200  # past the end: an empty page


def test_web_api_matches_the_command_line_and_the_contract(db: str, client: TestClient) -> None:
    listed = client.get("/api/stories").json()
    cli_listed = json.loads(CliRunner().invoke(cli, ["stories", "--db", db, "--json"]).output)
    assert listed == cli_listed
    report = client.get("/api/stories/s1").json()
    jsonschema.validate(report, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert check_offsets(report) == []
    assert [s["id"] for s in report["stories"]] == ["s1"]
    found = client.get("/api/articles", params={"q": "Marrowby gates"}).json()
    assert {a["id"] for a in found} >= {"lantern-1", "wire/2"} and all(a["filed_in"] for a in found)
    one = client.get(article_href("herald 3").replace("/articles/", "/api/articles/")).json()
    assert one["id"] == "herald 3" and one["filed_in"] == "s1"


def test_web_add_refuses_a_post_without_this_servers_token(db: str, client: TestClient) -> None:
    form = {"text": "Quillon harbour reopened on Monday after repairs.", "title": "Harbour reopens"}
    assert client.post("/add", data=form).status_code == 403
    assert client.post("/add", data={**form, "token": "guessed"}).status_code == 403
    assert client.post("/add", data={**form, "token": "jeton-deviné"}).status_code == 403
    other_run = TestClient(create_app(db))  # a token from another run of the server
    assert client.post("/add", data={**form, "token": form_token(other_run.get("/add").text)}).status_code == 403
    with open_store(db) as store:
        assert store.count_articles() == 5


def test_web_add_rejects_empty_unsafe_large_and_non_form_posts(db: str, client: TestClient) -> None:
    token = form_token(client.get("/add").text)
    empty = client.post("/add", data={"token": token, "title": f"kept {HOSTILE_SCRIPT}"})
    assert empty.status_code == 400 and "Paste the article" in empty.text
    assert f'value="kept {HOSTILE_SCRIPT}"' not in empty.text and "kept &lt;script&gt;" in empty.text
    scheme = client.post("/add", data={"token": token, "address": "file:///etc/passwd"})
    assert scheme.status_code == 400 and "must start with http" in scheme.text
    huge = client.post("/add", data={"token": token, "text": "x" * (MAX_FORM_BYTES + 1)})
    assert huge.status_code == 413
    as_json = client.post("/add", json={"token": token, "text": "Quillon harbour reopened."})
    assert as_json.status_code == 415
    with open_store(db) as store:
        assert store.count_articles() == 5


def test_web_answers_only_its_own_host_names_when_local(db: str) -> None:
    app = create_app(db, allowed_hosts=LOOPBACK_NAMES)
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/").status_code == 200
    assert TestClient(app, base_url="http://localhost:8000").get("/").status_code == 200
    assert TestClient(app, base_url="http://attacker.example").get("/").status_code == 400
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


def test_web_unreadable_archive_gives_a_clear_page(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not a database" * 100)
    client = TestClient(create_app(str(bad)))
    response = client.get("/")
    assert response.status_code == 503 and "could not be made" in response.text
    assert "newsprism SQLite database" in response.text  # the store's own reason
    assert client.get("/api/stories").status_code == 503


def test_serve_refuses_an_unreadable_archive_before_listening(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(cli, ["serve", "--db", str(bad), "--port", "1"])
    assert result.exit_code != 0 and "Serving" not in result.output


def test_web_edit_page_lists_the_story_and_guards_its_forms(client: TestClient) -> None:
    html = client.get("/edit/s1").text
    assert html.count('name="article"') == 4 and 'value="wire/2"' in html and 'action="/edit/s1"' in html
    assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html
    story_page = client.get("/stories/s1").text
    assert 'href="/edit/s1"' in story_page and 'href="/api/stories/s1"' in story_page  # the story page offers both
    token = form_token(html)
    assert client.post("/edit/s1", data={"action": "rename", "title": "New"}).status_code == 403
    unknown = client.post("/edit/s1", data={"token": token, "action": "delete"})
    assert unknown.status_code == 400 and "Unknown change" in unknown.text
    nothing = client.post("/edit/s1", data={"token": token, "action": "split"})
    assert nothing.status_code == 400 and "check the articles to move out" in nothing.text
    # this archive was filled without the clusterer, which every correction goes through
    refused = client.post("/edit/s1", data={"token": token, "action": "rename", "title": "New"})
    assert refused.status_code == 400 and "Nothing was changed" in refused.text
    assert client.get("/edit/nope").status_code == 404


def test_web_feeds_page_and_api_list_each_feed_and_its_last_read(db: str, client: TestClient) -> None:
    assert "No feed has been read into this archive yet" in client.get("/feeds").text
    hostile = "https://gazette.example/rss?<script>alert(1)</script>"
    with open_store(db) as store:
        save_feed_states(store, [
            FeedRead("https://post.example/atom.xml", FeedState(etag='"7"', entries={"https://post.example/a": "f"}),
                     status="read", read_at="2026-05-04T09:00:00Z", entries=12, unchanged=10, fetched=1, failed=1,
                     refused=7),
            FeedRead(hostile, FeedState(), status="failed", read_at="2026-05-04T09:00:01Z",
                     problem="Cannot fetch it: the server answered HTTP 500."),
        ])
    html = client.get("/feeds").text
    assert "https://post.example/atom.xml" in html and "2026-05-04 09:00:00" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "failed: Cannot fetch it: the server answered HTTP 500." in html
    assert "Refused by robots.txt" in html and '<td class="num">7</td>' in html
    assert 'href="/feeds"' in client.get("/").text
    listed = client.get("/api/feeds").json()
    assert [f["url"] for f in listed] == sorted([hostile, "https://post.example/atom.xml"])
    assert "entries" in listed[1] and "state" not in listed[1]  # the state stays in the archive
    cli_listed = CliRunner().invoke(cli, ["feeds", "--db", db, "--json"])
    assert json.loads(cli_listed.output) == listed


def test_web_failures_page_lists_what_could_not_be_read_newest_first(db: str, client: TestClient) -> None:
    assert "Every input so far was read" in client.get("/failures").text
    with open_store(db) as store:
        store.record_failure(Failure("old.txt", "Input old.txt is empty."))
        store.record_failure(Failure(f"feed{HOSTILE_SCRIPT}.xml", f"malformed {HOSTILE_IMG}"))
    html = client.get("/failures").text
    assert "2 recorded" in html and html.index("feed&lt;script&gt;") < html.index("old.txt")
    assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html
    assert 'href="/failures"' in client.get("/").text


def _with_s1_changed(db: str) -> TestClient:
    """A client of the archive after story s1 gained an article: its kept analysis no
    longer fits, so a page that needs it must have it made (which fails here: no models)."""
    with open_store(db) as store:
        store.add_article(Article(id="late", text="Marrowby harbour reopened on Friday.", title="Harbour reopens",
                                  outlet="Coastline Wire"))
        store.assign("late", "s1")
    return TestClient(create_app(db))


def test_web_story_without_a_kept_analysis_is_made_in_the_background(db: str) -> None:
    client = _with_s1_changed(db)
    waiting = client.get("/stories/s1")
    assert waiting.status_code == 202 and "being analysed" in waiting.text
    assert '<meta http-equiv="refresh"' in waiting.text
    # here the analysis fails (this test has no models): the page says why, once, and the
    # next visit tries again
    deadline = time.monotonic() + 30
    while (answer := client.get("/stories/s1")).status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert answer.status_code == 500 and "could not be analysed" in answer.text
    assert "instead of reading its kept analysis" in answer.text
    assert client.get("/stories/s1").status_code == 202


def test_web_outlets_and_an_outlets_articles(db: str, client: TestClient) -> None:
    listing = client.get("/outlets").text
    evil = f"Evil {HOSTILE_SCRIPT} News"
    assert f'href="{outlet_href(evil)}"' in listing and "Evil &lt;script&gt;" in listing
    assert HOSTILE_SCRIPT not in listing
    assert 'href="/outlets/The%20Daily%20Lantern"' in client.get("/").text  # the story listing links them
    page = client.get(outlet_href("Coastline Wire")).text
    assert "/articles/wire%2F2" in page and 'href="/stories/s1"' in page and "/articles/lantern-1" not in page
    assert client.get(outlet_href(evil)).status_code == 200
    assert client.get(outlet_href("Nobody Weekly")).status_code == 404
    with open_store(db) as store:
        for number in range(PAGE_SIZE + 1):
            store.add_article(Article(id=f"w{number}", text=f"Wire brief {number} on Marrowby tides.",
                                      title=f"Tides {number}", outlet="Coastline Wire"))
    first = client.get(outlet_href("Coastline Wire")).text
    assert first.index("Tides 50") < first.index("Tides 49") and "Older" in first  # newest first, paged
    second = client.get(outlet_href("Coastline Wire"), params={"page": 2}).text
    assert "/articles/wire%2F2" in second and "Newer" in second


def test_web_add_that_meets_a_concurrent_ingest_returns_the_form_filled_in(
        db: str, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def concurrent(*args: object, **kwargs: object) -> None:
        raise ConcurrentUpdateError(location=db)

    monkeypatch.setattr(importlib.import_module("newsprism.archive"), "ingest_documents", concurrent)
    token = form_token(client.get("/add").text)
    response = client.post("/add", data={"token": token, "title": "Harbour reopens",
                                         "text": "Quillon harbour reopened on Monday after repairs."})
    assert response.status_code == 503 and "Another ingest or review changed the stories" in response.text
    assert 'value="Harbour reopens"' in response.text


def test_web_latest_articles_newest_first_with_their_stories(db: str, client: TestClient) -> None:
    html = client.get("/articles").text
    assert html.index("/articles/foreign") < html.index("/articles/lantern-1")  # stored last, shown first
    assert 'href="/stories/s1"' in html and HOSTILE_SCRIPT not in html
    assert "Older" not in html and 'href="/articles"' in html  # one page; the header links here


def test_web_article_page_does_not_wait_for_its_storys_analysis(db: str) -> None:
    client = _with_s1_changed(db)
    page = client.get("/articles/lantern-1")  # analysing here would fail the test (no models)
    assert page.status_code == 200 and "Its story is being analysed" in page.text
    assert 'href="/stories/s1"' in page.text and "<mark" not in page.text.split('id="text"')[1]
    assert "Flood gates at Marrowby harbour failed" in page.text


def test_web_bad_numbers_get_the_documented_400_and_head_is_answered(client: TestClient) -> None:
    for path in ("/api/articles?limit=abc", "/api/stories?offset=x"):
        response = client.get(path)
        assert response.status_code == 400 and "a whole number is expected" in response.json()["error"]
    page = client.get("/?page=abc")
    assert page.status_code == 400 and "text/html" in page.headers["content-type"] and "page" in page.text
    # an offset beyond any archive is an empty page, not a server error
    for path in ("/api/stories?offset=9223372036854775808", "/api/articles?offset=99999999999999999999999"):
        response = client.get(path)
        assert response.status_code == 200 and response.json() == []
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == client.get("/").headers["content-type"]
    assert client.head("/api/stories").status_code == 200
    assert client.head("/stories/nope").status_code == 404


def _post_in_thread(client: TestClient, path: str, data: dict[str, str]) -> tuple[threading.Thread, list]:
    """Post from another thread (a browser that waits); the answer lands in the list."""
    answers: list = []
    thread = threading.Thread(target=lambda: answers.append(client.post(path, data=data)), daemon=True)
    thread.start()
    return thread, answers


def test_web_an_editors_change_does_not_wait_for_a_story_being_analysed(
        db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    started, release = threading.Event(), threading.Event()

    def slow_analysis(*args: object, **kwargs: object) -> None:
        started.set()
        release.wait(60)
        raise AssertionError("released")

    monkeypatch.setattr(importlib.import_module("newsprism.analyze"), "analyze_story", slow_analysis)
    client = _with_s1_changed(db)
    try:
        assert client.get("/stories/s1").status_code == 202
        assert started.wait(30), "the story page did not start its analysis"
        token = form_token(client.get("/edit/s2").text)
        thread, answers = _post_in_thread(client, "/edit/s2", {"token": token, "action": "rename", "title": "New"})
        thread.join(20)
        # answered while the analysis still runs (this sample archive refuses the rename
        # itself: it was filled without the clusterer)
        assert answers and answers[0].status_code == 400 and "Nothing was changed" in answers[0].text
        assert client.get("/stories/s1").status_code == 202  # still analysing
    finally:
        release.set()


def test_web_a_change_that_waits_too_long_for_another_is_refused_as_busy(
        db: str, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = importlib.import_module("newsprism.archive")
    rename = archive.rename_archive_story
    started, release = threading.Event(), threading.Event()

    def slow_rename(*args: object, **kwargs: object) -> str:
        started.set()
        release.wait(60)
        return rename(*args, **kwargs)

    monkeypatch.setattr(archive, "rename_archive_story", slow_rename)
    monkeypatch.setattr(importlib.import_module("newsprism.web.app"), "WRITE_WAIT_S", 0.3)
    token = form_token(client.get("/edit/s1").text)
    first, first_answer = _post_in_thread(client, "/edit/s1", {"token": token, "action": "rename", "title": "One"})
    try:
        assert started.wait(30)
        busy = client.post("/edit/s2", data={"token": token, "action": "rename", "title": "Two"})
        assert busy.status_code == 503 and "busy with other changes" in busy.text and "try again" in busy.text
        assert busy.headers["retry-after"] == "30"
        added = client.post("/add", data={"token": token, "title": "Harbour reopens",
                                          "text": "Quillon harbour reopened on Monday after repairs."})
        assert added.status_code == 503 and "Nothing was added" in added.text and "busy" in added.text and added.headers["retry-after"] == "30"
        assert 'value="Harbour reopens"' in added.text  # the form comes back filled in
    finally:
        release.set()
        first.join(30)
    assert first_answer and first_answer[0].status_code == 400  # the first change was made (and refused here)
