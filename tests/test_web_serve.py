"""The web app served for real: uvicorn on a loopback port over an archive the demo corpus's
first story was ingested into, read in headless Chromium (the ``browser`` fixture, which
skips without it), with the language models analysing and filing what the form adds.
A second loopback server holds a page for the add form to fetch."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from newsprism.archive import ingest_documents
from newsprism.ingest import read_inputs
from newsprism.store import open_store
from newsprism.web.app import LOOPBACK_NAMES, create_app
from tests.conftest import DEMO_CORPUS
from tests.web_support import form_token

pytestmark = pytest.mark.slow

# How long a story page may take to show its first analysis (it reloads itself meanwhile).
ANALYSIS_WAIT_MS = 120_000

# A fictional follow-up to the demo's first story (the North Quay fire at Port Ellison).
FOLLOW_UP = (
    "Port Ellison's North Quay reopened to shipping on Thursday, two days after a fire at a "
    "fertiliser warehouse forced the evacuation of residents from nearby streets.\n\n"
    "Harbour Minister Mirela Kovac said inspectors had checked every container stacked beside the "
    "warehouse operated by Quayside Logistics before the quay was allowed to reopen.\n\n"
    "Residents of the Lower Dock and Tallow Street areas returned home after air quality readings "
    "came back normal, the city council said."
)
HOSTILE_TITLE = 'North Quay reopens <img src=x onerror=alert(7)>'
FETCHED_PAGE = (
    "<html><head><title>Ship agents count the cost of the North Quay fire</title>"
    '<meta property="og:site_name" content="Tallow Street Gazette"></head><body><article>'
    "<h1>Ship agents count the cost of the North Quay fire</h1>"
    "<p>Shipping agents at Port Ellison said the closure of North Quay after the fertiliser "
    "warehouse fire delayed fourteen vessels, which waited at anchor outside the breakwater.</p>"
    "<p>The harbour authority said inspectors would finish checking the containers beside the "
    "warehouse before the quay reopened to traffic.</p></article></body></html>"
)


class _Page(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = FETCHED_PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("web") / "archive.db"
    documents = read_inputs([str(DEMO_CORPUS / "story-a")], meta_file=DEMO_CORPUS / "meta.csv")
    with open_store(path) as store:
        outcome = ingest_documents(documents, store)
    assert not outcome.failures and len(outcome.new) == 6
    return str(path)


@pytest.fixture(scope="module")
def server(archive: str) -> Iterator[str]:
    """The app on a free loopback port, served by uvicorn in a thread, as `serve` runs it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    app = create_app(archive, allow_private=True, allowed_hosts=LOOPBACK_NAMES)
    running = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "the server did not start"
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    running.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture(scope="module")
def page_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/agents-count-the-cost"
    httpd.shutdown()
    httpd.server_close()


class _Tab:
    """A browser page that records whatever goes wrong: console errors, script errors,
    dialogs (an injected alert) and requests to anywhere but the app."""

    def __init__(self, browser, origin: str) -> None:
        self.page = browser.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: r.url.startswith(origin) or self.problems.append(f"fetched {r.url}"))


def test_the_web_app_in_a_browser_browse_search_and_add(browser, server: str, archive: str) -> None:
    tab = _Tab(browser, server)
    page = tab.page
    page.goto(server + "/")
    stories = page.locator("table.stories a")
    assert stories.count() >= 1
    story_url = stories.first.get_attribute("href")
    stories.first.click()
    page.wait_for_url(f"**{story_url}")
    # the first visit waits for the analysis on a page that reloads itself
    assert "being analysed" in page.locator(".notice").inner_text()
    page.wait_for_selector("#coverage", timeout=ANALYSIS_WAIT_MS)
    assert page.locator("#summary li").count() >= 1

    # a ✓ in the matrix opens the article at its sentence, which the page's script marks
    page.locator("td.cell.yes a").first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url and "#m" in page.url
    assert page.locator("mark.hit").count() >= 1

    # search from the header
    page.fill("input[name=q]", "fertiliser warehouse")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=fertiliser+warehouse")
    with open_store(archive) as store:
        matches = store.list_articles(query="fertiliser warehouse")
    assert len(matches) >= 2 and page.locator("td a[href^='/articles/']").count() == len(matches)

    # from the outlets to one outlet's articles
    page.click("nav.app >> text=Outlets")
    page.wait_for_url("**/outlets")
    page.locator("main table a").first.click()
    page.wait_for_url("**/outlets/**")
    assert page.locator("td a[href^='/articles/']").count() >= 1

    # add a follow-up by pasting it: it is stored, filed into the same story, and shown
    page.goto(server + "/add")
    page.fill("textarea[name=text]", FOLLOW_UP)
    page.fill("input[name=title]", HOSTILE_TITLE)
    page.fill("input[name=outlet]", "Tallow Street Gazette")
    page.fill("input[name=published]", "2026-03-05")
    page.click("button[type=submit]:has-text('Add the article')")
    page.wait_for_url("**/articles/**?added=new")
    assert "Added" in page.locator(".notice").inner_text()
    assert page.locator("h1").inner_text() == HOSTILE_TITLE  # shown as text, never run
    assert page.locator(f"a[href='{story_url}']").count() == 1  # "in story …": the demo's story
    page.goto(server + story_url)
    page.wait_for_selector("#summary .sources", timeout=ANALYSIS_WAIT_MS)
    assert "Tallow Street Gazette" in page.locator("#summary .sources").inner_text()
    assert tab.problems == []
    page.close()


def test_the_add_form_fetches_a_page_by_its_address(browser, server: str, page_server: str) -> None:
    tab = _Tab(browser, server)
    page = tab.page
    page.goto(server + "/add")
    page.fill("input[name=address]", page_server)
    page.click("button[type=submit]:has-text('Add the article')")
    page.wait_for_url("**/articles/**?added=*")
    assert page.locator("h1").inner_text() == "Ship agents count the cost of the North Quay fire"
    assert page.locator("a[href^='/stories/']").count() >= 1
    assert tab.problems == []
    page.close()


def test_the_add_form_refuses_private_addresses_unless_allowed(archive: str, page_server: str) -> None:
    client = TestClient(create_app(archive))  # allow_private off, as `serve` runs by default
    with open_store(archive) as store:
        before = store.count_articles()
    token = form_token(client.get("/add").text)
    response = client.post("/add", data={"token": token, "address": page_server})
    assert response.status_code == 422 and "Refused to fetch" in response.text
    assert f'value="{page_server}"' in response.text  # the form comes back filled in
    with open_store(archive) as store:
        assert store.count_articles() == before
        assert any(f.source == page_server for f in store.failures())  # recorded, not lost


def test_serve_command_answers_on_loopback(archive: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "newsprism", "serve", "--db", archive, "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, response = time.monotonic() + 60, None
        while time.monotonic() < deadline and response is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None and response.status_code == 200 and response.json()
        assert httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "attacker.example"}).status_code == 400
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert f"at http://127.0.0.1:{port}/" in output


def test_an_editor_renames_splits_and_merges_in_the_browser(browser, server: str, archive: str) -> None:
    tab = _Tab(browser, server)
    page = tab.page
    with open_store(archive) as store:
        (biggest,) = store.list_stories(limit=1, sort="size")
        story = store.get_story(biggest.id)
    page.goto(f"{server}/stories/{story.id}")
    page.click("text=Edit this story", timeout=ANALYSIS_WAIT_MS)
    page.fill("#rename input[name=title]", "Fire at North Quay <b>edited</b>")
    page.click("#rename button")
    page.wait_for_url(f"**/stories/{story.id}?edited=rename")
    page.wait_for_selector("#summary", timeout=ANALYSIS_WAIT_MS)
    assert page.locator("h1").inner_text() == "Fire at North Quay <b>edited</b>"

    moved = story.article_ids[-1]
    page.goto(f"{server}/edit/{story.id}")
    page.check(f"#split input[value='{moved}']")
    page.click("#split button")
    page.wait_for_url(f"**/stories/{story.id}?edited=split")
    with open_store(archive) as store:
        assert moved not in store.get_story(story.id).article_ids
        away = store.story_of(moved)
    assert away and away != story.id

    page.goto(f"{server}/edit/{story.id}")
    page.fill("#merge input[name=others]", away)
    page.click("#merge button")
    page.wait_for_url("**?edited=merge")
    with open_store(archive) as store:
        assert store.story_of(moved) == store.get_story(story.id).id
        assert [step.kind for step in store.story_events(away)][-1] == "merged"
    assert tab.problems == []
    page.close()
