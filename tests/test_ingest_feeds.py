"""Reading feeds again and again, politely: conditional requests, entries not fetched twice,
robots.txt, pacing and backing off. A real HTTP server on 127.0.0.1 plays the sites; it
answers to two host names (127.0.0.1 and localhost) so that two "sites" can be told apart."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from click.testing import CliRunner

from newsprism import archive
from newsprism.archive import feed_states
from newsprism.clean import clean_document
from newsprism.cli import cli
from newsprism.errors import ConcurrentUpdateError, FetchError, MalformedInputError
from newsprism.ingest import Courtesy, FeedPoll, FeedRead, FeedState, read_feed_list, read_inputs
from newsprism.records import Failure, RawDocument
from newsprism.store import open_store


def _page(title: str, body: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{body}</p></article></body></html>").encode()


@dataclass
class Site:
    """What the server answers: path -> (status, body, content type, headers); and what it was asked."""

    routes: dict[str, tuple[int, bytes, str, dict[str, str]]] = field(default_factory=dict)
    asked: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # (host, path, headers)
    port: int = 0

    def base(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}"

    def page(self, path: str, title: str, body: str, **headers: str) -> None:
        self.routes[path] = (200, _page(title, body), "text/html; charset=utf-8", headers)

    def feed(self, path: str, items: list[tuple[str, str, str]], etag: str | None = None) -> None:
        """An RSS feed of (title, link, pubDate) items."""
        xml = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>{d}</pubDate></item>"
                      for t, link, d in items)
        body = (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Vessel Gazette</title>"
                f"<link>{self.base()}/</link>{xml}</channel></rss>").encode()
        self.routes[path] = (200, body, "application/rss+xml", {"ETag": etag} if etag else {})

    def publish(self, path: str, items: list[tuple[str, str, str, str | None]], etag: str | None = None) -> None:
        """A feed of (title, link, pubDate, body) items, and each item's page where a body is given."""
        for title, link, _, body in items:
            if body is not None:
                self.page(urlsplit(link).path, title, body)
        self.feed(path, [(title, link, date) for title, link, date, _ in items], etag)

    def paths(self, host: str | None = None) -> list[str]:
        return [path for h, path, _ in self.asked if host is None or h == host]


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        self.site.asked.append((host, self.path, dict(self.headers.items())))
        status, body, kind, headers = self.site.routes.get(self.path, (404, b"not found", "text/plain", {}))
        if status == 200 and headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()
    handler = type("Handler", (_Handler,), {"site": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Clock:
    """The run's time for Courtesy: sleeping moves it on, and every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def _fast() -> Courtesy:
    return Courtesy(delay=0)


def _poll(site: Site, path: str = "/feed.xml", known: dict[str, FeedState] | None = None,
          courtesy: Courtesy | None = None) -> tuple[FeedPoll, list[RawDocument | Failure]]:
    url = site.base() + path
    poll = FeedPoll([url], known=known, courtesy=courtesy or _fast(), allow_private=True)
    return poll, list(poll)


def _two_entries(site: Site, etag: str | None = None) -> None:
    site.publish("/feed.xml", [
        ("Harbour crane toppled", f"{site.base()}/harbour.html", "Mon, 04 May 2026 09:00:00 +0000",
         "A crane toppled onto the quay at Vessel Point."),
        ("Ferries resume", f"{site.base()}/ferry.html", "Tue, 05 May 2026 07:00:00 +0000",
         "Ferries to Gull Island resumed on Tuesday.")], etag)


def test_a_feed_that_has_not_changed_costs_one_conditional_request(site: Site) -> None:
    _two_entries(site, etag='"v1"')
    first, documents = _poll(site)
    assert [d.meta["title"] for d in documents if isinstance(d, RawDocument)] == ["Harbour crane toppled",
                                                                                 "Ferries resume"]
    read = first.reads[site.base() + "/feed.xml"]
    assert (read.status, read.entries, read.fetched, read.state.etag) == ("read", 2, 2, '"v1"')

    site.asked.clear()
    again, documents = _poll(site, known={read.url: read.state})
    assert documents == []
    assert site.paths() == ["/feed.xml"]
    assert site.asked[0][2].get("If-None-Match") == '"v1"'
    assert again.reads[read.url].status == "not modified"
    assert again.reads[read.url].state == read.state  # kept for the read after


def test_only_new_or_changed_entries_are_fetched_again(site: Site) -> None:
    _two_entries(site)  # no validators: the feed itself is fetched every time
    first, _ = _poll(site)
    state = first.reads[site.base() + "/feed.xml"].state

    pier = ("Pier closed", f"{site.base()}/pier.html", "Wed, 06 May 2026 10:00:00 +0000",
            "The north pier stays closed for repairs.")
    site.publish("/feed.xml", [
        ("Harbour crane toppled", f"{site.base()}/harbour.html", "Mon, 04 May 2026 09:00:00 +0000", None),
        ("Ferries resume (updated)", f"{site.base()}/ferry.html", "Tue, 05 May 2026 07:00:00 +0000",
         "Ferries to Gull Island resumed on Tuesday after a storm."),
        pier, pier])  # listed twice
    site.asked.clear()
    again, documents = _poll(site, known={site.base() + "/feed.xml": state})
    assert site.paths() == ["/feed.xml", "/robots.txt", "/ferry.html", "/pier.html"]
    assert [d.meta["title"] for d in documents if isinstance(d, RawDocument)] == ["Ferries resume (updated)",
                                                                                 "Pier closed"]
    read = again.reads[site.base() + "/feed.xml"]
    assert (read.entries, read.unchanged, read.fetched) == (4, 1, 2)  # the page listed twice is read once
    assert len(read.state.entries) == 3


def test_an_entry_whose_page_failed_is_tried_again_at_the_next_read(site: Site) -> None:
    _two_entries(site)
    site.routes["/ferry.html"] = (500, b"down", "text/plain", {})
    first, documents = _poll(site)
    [failure] = [d for d in documents if isinstance(d, Failure)]
    assert failure.source.endswith("/ferry.html") and "HTTP 500" in failure.reason
    state = first.reads[site.base() + "/feed.xml"].state
    assert list(state.entries) == [f"{site.base()}/harbour.html"]

    site.page("/ferry.html", "Ferries resume", "Ferries to Gull Island resumed on Tuesday.")
    site.asked.clear()
    _, documents = _poll(site, known={site.base() + "/feed.xml": state})
    assert [d.meta["title"] for d in documents] == ["Ferries resume"]
    assert "/harbour.html" not in site.paths()


def test_robots_txt_keeps_newsprism_from_the_pages_it_disallows(site: Site) -> None:
    _two_entries(site)
    site.routes["/robots.txt"] = (200, b"User-agent: *\nDisallow: /\n\nUser-agent: newsprism\nDisallow: /ferry\n",
                                  "text/plain", {})
    poll, documents = _poll(site)
    [page] = documents  # the refused page is left unread: counted, not a failure
    assert isinstance(page, RawDocument) and page.meta["title"] == "Harbour crane toppled"
    read = poll.reads[site.base() + "/feed.xml"]
    assert (read.fetched, read.refused, read.failed) == (1, 1, 0)
    assert list(read.state.entries) == [f"{site.base()}/harbour.html"]  # looked at again at the next read
    assert FeedRead.from_bytes(read.to_bytes()).summary() == read.summary()
    assert site.paths().count("/robots.txt") == 1  # read once per site and run
    assert "/ferry.html" not in site.paths()

    ignoring = Courtesy(delay=0, robots=False)
    site.asked.clear()
    _, documents = _poll(site, courtesy=ignoring)
    assert all(isinstance(d, RawDocument) for d in documents) and len(documents) == 2
    assert "/robots.txt" not in site.paths()


def test_a_page_robots_txt_disallows_does_not_make_ingest_fail(site: Site, tmp_path: Path) -> None:
    _two_entries(site)
    site.routes["/robots.txt"] = (200, b"User-agent: *\nDisallow: /ferry\n", "text/plain", {})
    args = ["ingest", "--feed", f"{site.base()}/feed.xml", "--db", str(tmp_path / "archive.db"),
            "--allow-private", "--host-delay", "0"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output  # cron sees success: the site asked, nothing broke
    assert "1 new, 0 revised, 0 already stored, 0 failed" in result.output
    assert "1 page left unread because the site's robots.txt does not allow newsprism" in result.output
    listed = CliRunner().invoke(cli, ["feeds", "--db", str(tmp_path / "archive.db"), "--json"])
    [feed] = json.loads(listed.output)
    assert (feed["fetched"], feed["refused"], feed["failed"]) == (1, 1, 0)

    site.asked.clear()  # the next read looks at the refused page again, and follows a changed robots.txt
    site.routes["/robots.txt"] = (200, b"User-agent: *\nAllow: /\n", "text/plain", {})
    again = CliRunner().invoke(cli, [*args, "--json"])
    assert again.exit_code == 0 and len(json.loads(again.stdout)["new"]) == 1
    assert site.paths() == ["/feed.xml", "/robots.txt", "/ferry.html"]


def test_a_robots_txt_that_cannot_be_read_allows_nothing_from_its_site(site: Site) -> None:
    _two_entries(site)
    site.routes["/robots.txt"] = (503, b"busy", "text/plain", {})
    _, documents = _poll(site)
    assert len(documents) == 2 and all(isinstance(d, Failure) for d in documents)
    assert all("robots.txt could not be read" in d.reason for d in documents)
    assert not {"/harbour.html", "/ferry.html"} & set(site.paths())


def test_a_host_that_answers_429_is_not_asked_again_in_the_run(site: Site) -> None:
    _two_entries(site)
    site.page("/pier.html", "Pier closed", "The north pier stays closed for repairs.")
    site.routes["/harbour.html"] = (429, b"slow down", "text/plain", {"Retry-After": "120"})
    site.feed("/feed.xml", [(t, f"{site.base()}/{p}.html", "Mon, 04 May 2026 09:00:00 +0000")
                            for t, p in (("Crane", "harbour"), ("Ferries", "ferry"), ("Pier", "pier"))])
    _, documents = _poll(site)
    assert all(isinstance(d, Failure) for d in documents) and len(documents) == 3
    assert "HTTP 429" in documents[0].reason
    assert all("asked to wait 120 s" in d.reason for d in documents[1:])
    assert "/ferry.html" not in site.paths() and "/pier.html" not in site.paths()


def test_requests_to_one_host_wait_for_the_delay_or_the_crawl_delay_it_asks(site: Site) -> None:
    _two_entries(site)
    clock = _Clock()
    polite = Courtesy(delay=1.0, clock=clock, sleep=clock.sleep)
    _poll(site, courtesy=polite)
    # feed, robots.txt, two pages: three waits of a second on one host (the clock stands still between)
    assert clock.sleeps == [1.0, 1.0, 1.0]

    site.routes["/robots.txt"] = (200, b"User-agent: newsprism\nCrawl-delay: 7\n", "text/plain", {})
    clock = _Clock()
    _poll(site, courtesy=Courtesy(delay=1.0, clock=clock, sleep=clock.sleep))
    assert clock.sleeps == [1.0, 7.0, 7.0]  # the site's own delay once its robots.txt is read

    site.routes["/robots.txt"] = (200, b"User-agent: *\nRequest-rate: 2/9\n", "text/plain", {})
    clock = _Clock()
    _poll(site, courtesy=Courtesy(delay=1.0, clock=clock, sleep=clock.sleep))
    assert clock.sleeps == [1.0, 4.5, 4.5]

    site.routes["/robots.txt"] = (200, b"User-agent: *\nCrawl-delay: 86400\n", "text/plain", {})
    clock = _Clock()
    _poll(site, courtesy=Courtesy(delay=1.0, clock=clock, sleep=clock.sleep))
    assert clock.sleeps == [1.0, 60.0, 60.0]  # capped


def test_pages_of_two_sites_are_fetched_in_turn(site: Site) -> None:
    other = site.base("localhost")
    site.publish("/feed.xml", [
        (f"{name}{n}", f"{base}/{name.lower()}{n}.html", f"Mon, 04 May 2026 {hour:02d}:00:00 +0000",
         f"Report {n} of site {name}.")
        for hour, (name, base, n) in enumerate([("A", site.base(), 1), ("A", site.base(), 2),
                                                 ("B", other, 1), ("B", other, 2)], start=9)])
    _, documents = _poll(site)
    sites = "".join(d.meta["title"][0] for d in documents)
    assert sites in ("ABAB", "BABA")
    assert [d.meta["title"] for d in documents if d.meta["title"].startswith("A")] == ["A1", "A2"]

    # feed, robots.txt and two pages from A; robots.txt and two pages from B: the pauses A is
    # owed are spent on B, so the run waits only for A's own three pauses
    clock = _Clock()
    _poll(site, courtesy=Courtesy(delay=1.0, clock=clock, sleep=clock.sleep))
    assert sum(clock.sleeps) == 3.0


def test_feed_lists_are_read_from_opml_or_plain_text(tmp_path: Path) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_text("<?xml version='1.0'?><opml version='2.0'><head><title>Mine</title></head><body>"
                    "<outline text='Harbour'><outline type='rss' text='Gazette' xmlUrl='https://gazette.example/rss'/>"
                    "<outline type='rss' text='Post' xmlUrl='https://post.example/atom.xml'/></outline>"
                    "</body></opml>", encoding="utf-8")
    assert read_feed_list(opml) == ["https://gazette.example/rss", "https://post.example/atom.xml"]
    plain = tmp_path / "feeds.txt"
    plain.write_text("# harbour desk\nhttps://gazette.example/rss\n\n  https://post.example/atom.xml  \n",
                     encoding="utf-8")
    assert read_feed_list(plain) == ["https://gazette.example/rss", "https://post.example/atom.xml"]

    entity = ("<?xml version='1.0'?><!DOCTYPE opml [<!ENTITY secret SYSTEM 'file:///etc/hostname'>]>"
              "<opml><body><outline xmlUrl='&secret;'/></body></opml>")  # never read the file it names
    for name, content in (("empty.txt", "# nothing yet\n"), ("broken.opml", "<opml><body><outline"),
                          ("entity.opml", entity)):
        (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(MalformedInputError):
            read_feed_list(tmp_path / name)


def test_ingest_reads_a_feed_list_and_keeps_what_it_read_for_the_next_run(site: Site, tmp_path: Path) -> None:
    _two_entries(site, etag='"v1"')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{site.base()}/feed.xml\n{site.base()}/gone.xml\n", encoding="utf-8")
    db = str(tmp_path / "archive.db")
    args = ["ingest", "--feeds", str(feeds), "--db", db, "--allow-private", "--host-delay", "0"]

    first = CliRunner().invoke(cli, [*args, "--json"])
    assert first.exit_code == 1, first.output  # one feed failed, the other was read
    outcome = json.loads(first.stdout)
    assert len(outcome["new"]) == 2
    read, gone = outcome["feeds"]
    assert {k: read[k] for k in ("url", "status", "entries", "unchanged", "fetched", "failed")} == {
        "url": site.base() + "/feed.xml", "status": "read", "entries": 2, "unchanged": 0, "fetched": 2, "failed": 0}
    assert gone["status"] == "failed" and "HTTP 404" in gone["problem"]

    site.asked.clear()
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 1, second.output
    assert "Feeds: 0 read, 1 not modified since the last read, 1 failed; 0 pages fetched." in second.output
    assert site.paths() == ["/feed.xml", "/gone.xml"]

    listed = CliRunner().invoke(cli, ["feeds", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    by_url = {f["url"]: f for f in json.loads(listed.output)}
    assert by_url[site.base() + "/feed.xml"]["status"] == "not modified"
    assert by_url[site.base() + "/feed.xml"]["read_at"] >= read["read_at"]
    assert by_url[site.base() + "/gone.xml"]["status"] == "failed"
    table = CliRunner().invoke(cli, ["feeds", "--db", db], env={"COLUMNS": "200"})
    assert "not modified" in table.output and "gone.xml" in table.output and "HTTP 404" in table.output
    open_store(tmp_path / "new.db").close()  # an archive that has read no feed yet
    empty = CliRunner().invoke(cli, ["feeds", "--db", str(tmp_path / "new.db")])
    assert "No feeds read yet" in empty.output


def test_a_run_stopped_before_filing_its_articles_keeps_no_feed_state(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Otherwise the next run would skip the entries, and their stored articles would never get a story."""
    _two_entries(site, etag='"v1"')
    db = str(tmp_path / "archive.db")
    args = ["ingest", "--feed", site.base() + "/feed.xml", "--db", db, "--allow-private", "--host-delay", "0"]

    def interrupted(*args: object, **kwargs: object) -> None:
        raise ConcurrentUpdateError(location=db)

    with monkeypatch.context() as patch:
        patch.setattr(archive, "assign_stories", interrupted)
        stopped = CliRunner().invoke(cli, args)
    assert stopped.exit_code != 0
    with open_store(db) as store:
        assert store.count_articles() == 2 and feed_states(store, [site.base() + "/feed.xml"]) == {}

    site.asked.clear()
    again = CliRunner().invoke(cli, [*args, "--json"])
    assert again.exit_code == 0, again.output
    assert sorted(site.paths()) == ["/feed.xml", "/ferry.html", "/harbour.html", "/robots.txt"]
    with open_store(db) as store:
        assert all(store.story_of(a.id) for a in store.list_articles(limit=10))
        assert feed_states(store, [site.base() + "/feed.xml"])


def test_ingest_every_keeps_reading_until_it_is_stopped(site: Site, tmp_path: Path) -> None:
    _two_entries(site, etag='"v1"')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.base() + "/feed.xml\n", encoding="utf-8")
    command = [sys.executable, "-m", "newsprism", "ingest", "--feeds", str(feeds), "--every", "1s",
               "--db", str(tmp_path / "archive.db"), "--allow-private", "--host-delay", "0"]
    running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120  # the first run loads the language models
        while site.paths().count("/feed.xml") < 2 and time.monotonic() < deadline and running.poll() is None:
            time.sleep(0.2)
        feeds.write_text(f"{site.base()}/feed.xml\n{site.base()}/added.xml\n", encoding="utf-8")
        while "/added.xml" not in site.paths() and time.monotonic() < deadline and running.poll() is None:
            time.sleep(0.2)
        running.send_signal(signal.SIGTERM)
        out, err = running.communicate(timeout=60)
    finally:
        running.kill()
    assert running.returncode == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("[") and "] 2 new, 0 revised" in lines[0]
    assert "Feeds: 0 read, 1 not modified since the last read; 0 pages fetched." in lines
    assert "/added.xml" in site.paths()  # the list was read again without a restart
    assert "stopped after" in err


@pytest.mark.parametrize("interval", ["0", "soon", "-5m", "1d"])
def test_ingest_every_refuses_what_is_not_an_interval(interval: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--feed", "https://gazette.example/rss", "--every", interval,
                                      "--db", str(tmp_path / "archive.db")])
    assert result.exit_code == 2 and "not an interval" in result.output


def test_several_feeds_of_one_site_are_read_between_the_others(site: Site) -> None:
    other = site.base("localhost")
    for path in ("/one.xml", "/two.xml"):
        site.feed(path, [("Harbour crane toppled", f"{site.base()}/harbour.html", "Mon, 04 May 2026 09:00:00 +0000")])
    site.page("/harbour.html", "Harbour crane toppled", "A crane toppled onto the quay at Vessel Point.")
    poll = FeedPoll([f"{site.base()}/one.xml", f"{site.base()}/two.xml", f"{other}/one.xml"],
                    courtesy=_fast(), allow_private=True)
    list(poll)
    feeds = [(host, path) for host, path, _ in site.asked if path.endswith(".xml")]
    assert feeds == [("127.0.0.1", "/one.xml"), ("localhost", "/one.xml"), ("127.0.0.1", "/two.xml")]
    assert list(poll.reads) == [f"{site.base()}/one.xml", f"{site.base()}/two.xml", f"{other}/one.xml"]


def test_urls_given_as_inputs_are_paced_and_left_alone_after_a_429(site: Site) -> None:
    _two_entries(site)
    site.routes["/robots.txt"] = (200, b"User-agent: *\nDisallow: /\n", "text/plain", {})
    clock = _Clock()
    urls = [f"{site.base()}/harbour.html", f"{site.base()}/ferry.html"]
    items = list(read_inputs(urls, allow_private=True, courtesy=Courtesy(delay=1.0, clock=clock, sleep=clock.sleep)))
    assert all(isinstance(item, RawDocument) for item in items)  # asked for: robots.txt is not read
    assert clock.sleeps == [1.0] and "/robots.txt" not in site.paths()

    site.routes["/harbour.html"] = (429, b"slow down", "text/plain", {})
    site.asked.clear()
    busy, skipped = list(read_inputs(urls, allow_private=True, courtesy=_fast()))
    assert isinstance(busy, Failure) and "HTTP 429" in busy.reason
    assert isinstance(skipped, Failure) and "asks it nothing more in this run" in skipped.reason
    assert site.paths() == ["/harbour.html"]


def test_an_entry_whose_page_cannot_be_fetched_is_taken_from_the_feed_when_it_carries_the_article(
        site: Site) -> None:
    article = " ".join(f"Sentence {n} of the report on the crane that toppled onto the quay at Vessel Point."
                       for n in range(12))  # about 190 words
    teaser = "A crane toppled onto the quay at Vessel Point."
    items = "".join(
        f"<item><title>{title}</title><link>{site.base()}/members/{slug}.html</link>"
        f"<pubDate>Mon, 04 May 2026 09:00:00 +0000</pubDate><description>{teaser}</description>"
        f"{f'<content:encoded><![CDATA[<p>{article}</p>]]></content:encoded>' if full else ''}</item>"
        for title, slug, full in (("Crane toppled", "crane", True), ("Pier closed", "pier", False)))
    site.routes["/feed.xml"] = (200, (
        "<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        f"<channel><title>Vessel Gazette</title><link>{site.base()}/</link>{items}</channel></rss>").encode(),
        "application/rss+xml", {})
    site.routes["/robots.txt"] = (200, b"User-agent: *\nDisallow: /members/\n", "text/plain", {})

    poll, (taken,) = _poll(site)
    assert isinstance(taken, RawDocument) and "Sentence 11 of the report" in (taken.html or "")
    assert taken.meta["url"] == f"{site.base()}/members/crane.html" and taken.meta["title"] == "Crane toppled"
    assert "robots.txt does not allow newsprism" in taken.meta["taken_from_feed"]
    read = poll.reads[site.base() + "/feed.xml"]
    assert (read.fetched, read.from_feed, read.refused) == (0, 1, 1)  # a teaser is not the article
    assert not {"/members/crane.html", "/members/pier.html"} & set(site.paths())

    cleaned = clean_document(taken)
    assert cleaned.url == f"{site.base()}/members/crane.html" and "Sentence 11" in cleaned.text
    [note] = [e for e in cleaned.evidence if e.field == "body"]
    assert note.value == "the feed entry's own text" and "robots.txt" in note.source


def test_a_feed_that_moved_for_good_says_its_new_address(site: Site, tmp_path: Path) -> None:
    _two_entries(site)
    site.routes["/old.xml"] = (301, b"", "text/plain", {"Location": "/feed.xml"})
    site.routes["/for-now.xml"] = (302, b"", "text/plain", {"Location": "/feed.xml"})
    moved, _ = _poll(site, "/old.xml")
    assert moved.reads[site.base() + "/old.xml"].moved_to == site.base() + "/feed.xml"
    assert moved.reads[site.base() + "/old.xml"].fetched == 2
    for_now, _ = _poll(site, "/for-now.xml")
    assert for_now.reads[site.base() + "/for-now.xml"].moved_to == ""

    result = CliRunner().invoke(cli, ["ingest", "--feed", site.base() + "/old.xml", "--allow-private",
                                      "--host-delay", "0", "--db", str(tmp_path / "archive.db")])
    assert f"The feed {site.base()}/old.xml has moved for good to {site.base()}/feed.xml" in result.output
    listed = CliRunner().invoke(cli, ["feeds", "--db", str(tmp_path / "archive.db"), "--json"])
    assert json.loads(listed.output)[0]["moved_to"] == site.base() + "/feed.xml"


def test_a_news_sitemap_is_read_like_a_feed(site: Site) -> None:
    _two_entries(site)
    urls = "".join(
        f"<url><loc>{site.base()}/{slug}.html</loc><news:news><news:publication><news:name>Vessel Gazette"
        f"</news:name><news:language>en</news:language></news:publication><news:publication_date>{date}"
        f"</news:publication_date><news:title>{title}</news:title></news:news></url>"
        for slug, title, date in (("harbour", "Harbour crane toppled", "2026-05-04T09:00:00+00:00"),
                                  ("ferry", "Ferries resume", "2026-05-05T07:00:00+00:00")))
    site.routes["/news-sitemap.xml"] = (200, (
        "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>").encode(), "application/xml", {})
    poll, documents = _poll(site, "/news-sitemap.xml")
    assert [(d.meta["title"], d.meta["outlet"], d.meta["published"]) for d in documents] == [
        ("Harbour crane toppled", "Vessel Gazette", "2026-05-04T09:00:00+00:00"),
        ("Ferries resume", "Vessel Gazette", "2026-05-05T07:00:00+00:00")]
    again, documents = _poll(site, "/news-sitemap.xml",
                             known={site.base() + "/news-sitemap.xml": poll.reads[site.base() + "/news-sitemap.xml"].state})
    assert documents == [] and again.reads[site.base() + "/news-sitemap.xml"].unchanged == 2



def test_a_sitemap_index_is_followed_to_its_latest_sitemaps(site: Site) -> None:
    _two_entries(site)
    site.page("/pier.html", "Pier closed", "The north pier stays closed for repairs.")
    for name, slug in (("news", "harbour"), ("week", "ferry"), ("spring", "pier")):
        site.routes[f"/{name}.xml"] = (200, (
            "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<url><loc>{site.base()}/{slug}.html</loc></url></urlset>").encode(), "application/xml", {})

    def index(*children: tuple[str, str | None]) -> None:
        listed = "".join(f"<sitemap><loc>{name if '//' in name else '/' + name}.xml</loc>"
                         f"{f'<lastmod>{when}</lastmod>' if when else ''}</sitemap>" for name, when in children)
        site.routes["/index.xml"] = (200, ("<?xml version='1.0'?><sitemapindex "
                                           f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{listed}"
                                           "</sitemapindex>").encode(), "application/xml", {})

    archives = [(f"archive-{year}", f"{year}-12-31") for year in range(2001, 2021)]
    index(*archives, ("spring", "2026-04-30"), ("news", "2026-05-06T10:00:00Z"), ("week", "2026-05-05"))
    poll, documents = _poll(site, "/index.xml")
    assert sorted(d.meta["url"].rsplit("/", 1)[1] for d in documents) == ["ferry.html", "harbour.html", "pier.html"]
    assert not [p for p in site.paths() if p.startswith("/archive-")]  # three sitemaps, the latest
    assert poll.reads[site.base() + "/index.xml"].problem == ""

    site.asked.clear()  # none says when: the first three listed; one missing is said, the rest read
    index(("gone", None), ("news", None), ("week", None), ("spring", None))
    poll, documents = _poll(site, "/index.xml")
    assert sorted(d.meta["url"].rsplit("/", 1)[1] for d in documents) == ["ferry.html", "harbour.html"]
    read = poll.reads[site.base() + "/index.xml"]
    assert read.status == "read" and "not every sitemap of the index" in read.problem and "HTTP 404" in read.problem

    index(("gone", None))
    _, [failure] = _poll(site, "/index.xml")
    assert isinstance(failure, Failure) and "it is a sitemap index, and" in failure.reason
    site.asked.clear()  # a sitemap on another site is not read
    index((f"{site.base('localhost')}/news", None))
    _, [failure] = _poll(site, "/index.xml")
    assert "is on another site than the index" in failure.reason and site.paths() == ["/index.xml"]


def test_ingest_every_with_json_prints_one_object_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "crane.txt"
    article.write_text("Harbour crane toppled\n\nA crane toppled onto the quay at Vessel Point on Monday, "
                       "port officials said.\n", encoding="utf-8")

    def stop_instead_of_waiting(seconds: float) -> None:
        raise KeyboardInterrupt  # as Ctrl-C while it waits for the next run

    monkeypatch.setattr(time, "sleep", stop_instead_of_waiting)
    result = CliRunner().invoke(cli, ["ingest", str(article), "--every", "1h", "--json",
                                      "--db", str(tmp_path / "archive.db")])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    run = json.loads(line)
    assert run["started"].endswith("Z") and len(run["new"]) == 1 and run["feeds"] == []
    assert "stopped after 1 complete run." in result.stderr


def test_a_json_feed_is_read_like_rss(site: Site) -> None:
    _two_entries(site)  # the pages
    article = " ".join(f"Line {n} of the full report on the pier that closed at Vessel Point." for n in range(14))
    items = [
        {"id": "7", "url": f"{site.base()}/harbour.html", "title": "Harbour crane toppled",
         "date_published": "2026-05-04T09:00:00Z", "authors": [{"name": "Oona Vale"}]},
        {"id": "8", "url": f"{site.base()}/members/pier.html", "title": "Pier closed",
         "date_published": "2026-05-06T10:00:00+00:00", "author": {"name": "Ivo Marsh"},  # version 1
         "content_text": article + " <b>not markup</b>"},
    ]
    site.routes["/feed.json"] = (200, json.dumps({"version": "https://jsonfeed.org/version/1.1",
                                                  "title": "Vessel Gazette", "items": items}).encode(),
                                 "application/feed+json", {})
    site.routes["/robots.txt"] = (200, b"User-agent: *\nDisallow: /members/\n", "text/plain", {})
    poll, documents = _poll(site, "/feed.json")
    page, taken = documents
    assert page.meta["title"] == "Harbour crane toppled" and page.meta["authors"] == ["Oona Vale"]
    assert page.meta["outlet"] == "Vessel Gazette" and page.meta["published"] == "2026-05-04T09:00:00Z"
    # its page refused by robots.txt: the item's own text is the article, escaped as text
    assert taken.meta["authors"] == ["Ivo Marsh"] and "&lt;b&gt;not markup&lt;/b&gt;" in (taken.html or "")
    cleaned = clean_document(taken)
    assert "Line 13 of the full report" in cleaned.text and cleaned.text.endswith("not markup")
    read = poll.reads[f"{site.base()}/feed.json"]
    assert (read.entries, read.fetched, read.from_feed) == (2, 1, 1)

    again, documents = _poll(site, "/feed.json", known={read.url: read.state})
    assert documents == [] and again.reads[read.url].unchanged == 2
    site.routes["/empty.json"] = (200, b'{"version": "https://jsonfeed.org/version/1", "items": []}',
                                  "application/json", {})
    _, [failure] = _poll(site, "/empty.json")
    assert isinstance(failure, Failure) and "the JSON Feed has no items" in failure.reason
    odd = {"version": "https://jsonfeed.org/version/1.1", "title": 7, "items": [
        "not an item", {"id": 1, "url": 42, "title": ["x"], "authors": 5},
        {"id": 2, "url": f"{site.base()}/ferry.html", "title": "Ferries resume", "authors": [{"name": 3}, "x"]}]}
    site.routes["/odd.json"] = (200, json.dumps(odd).encode(), "application/feed+json", {})
    poll, (not_an_item, no_link, page) = _poll(site, "/odd.json")  # bad fields are left out, never crash the read
    assert isinstance(not_an_item, Failure) and "is a string, not an object" in not_an_item.reason
    assert isinstance(no_link, Failure) and "no link" in no_link.reason
    assert page.meta["title"] == "Ferries resume" and "authors" not in page.meta and "outlet" not in page.meta


def test_a_malformed_entry_link_fails_that_entry_and_the_rest_is_read(site: Site) -> None:
    _two_entries(site)
    site.page("/pier.html", "Pier closed", "The north pier stays closed for repairs.")
    site.feed("/bad-link.xml", [
        ("Broken", "http://[::1/x", "Mon, 04 May 2026 09:00:00 +0000"),
        ("Pier closed", f"{site.base()}/pier.html", "Mon, 04 May 2026 11:00:00 +0000")])
    bad, good = f"{site.base()}/bad-link.xml", f"{site.base()}/feed.xml"
    poll = FeedPoll([bad, good], courtesy=_fast(), allow_private=True)
    items = list(poll)
    assert sorted(d.meta["title"] for d in items if isinstance(d, RawDocument)) == [
        "Ferries resume", "Harbour crane toppled", "Pier closed"]
    [failure] = [f for f in items if isinstance(f, Failure)]
    assert failure.source == f"{bad}#entry-1" and "\n" not in failure.reason
    assert "http://[::1/x: it is not a valid web address (Invalid IPv6 URL)" in failure.reason
    read = poll.reads[bad]
    assert (read.status, read.entries, read.fetched, read.failed) == ("read", 2, 1, 1)
    assert list(read.state.entries) == [f"{site.base()}/pier.html"]  # the failed one is tried again
    assert poll.reads[good].fetched == 2


def test_an_entry_link_that_is_not_http_is_refused_for_its_scheme(site: Site) -> None:
    site.page("/pier.html", "Pier closed", "The north pier stays closed for repairs.")
    site.feed("/feed.xml", [
        ("Scripted", "javascript:alert(1)", "Mon, 04 May 2026 09:00:00 +0000"),
        ("Mailed", "mailto:desk@gazette.example", "Mon, 04 May 2026 10:00:00 +0000"),
        ("Pier closed", f"{site.base()}/pier.html", "Mon, 04 May 2026 11:00:00 +0000")])
    poll, items = _poll(site)
    assert [d.meta["title"] for d in items if isinstance(d, RawDocument)] == ["Pier closed"]
    scripted, mailed = [f for f in items if isinstance(f, Failure)]
    assert "javascript:alert(1): the scheme 'javascript' is refused" in scripted.reason
    assert "the scheme 'mailto' is refused" in mailed.reason
    assert "robots.txt" not in scripted.reason + mailed.reason
    read = poll.reads[f"{site.base()}/feed.xml"]
    assert (read.entries, read.fetched, read.failed, read.refused) == (3, 1, 2, 0)


def test_a_malformed_feed_address_fails_that_feed_and_the_others_are_read(site: Site, tmp_path: Path) -> None:
    _two_entries(site)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"http://[::1\n{site.base()}/feed.xml\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--feeds", str(feeds), "--db", str(tmp_path / "archive.db"),
                                      "--allow-private", "--host-delay", "0", "--json"])
    assert result.exit_code == 1, result.output  # one feed failed, the other was read
    outcome = json.loads(result.stdout)
    assert len(outcome["new"]) == 2
    bad, good = outcome["feeds"]
    assert (bad["url"], bad["status"]) == ("http://[::1", "failed")
    assert "http://[::1: it is not a valid web address (Invalid IPv6 URL)" in bad["problem"]
    assert (good["status"], good["fetched"]) == ("read", 2)
    [failure] = outcome["failures"]
    assert failure["source"] == "http://[::1" and "not a valid web address" in failure["reason"]
    assert "Traceback" not in result.output and "not a valid web address" in result.stderr


def test_a_malformed_address_in_a_sitemap_fails_only_its_page_or_sitemap(site: Site) -> None:
    _two_entries(site)
    urlset = ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{}</urlset>")
    site.routes["/map.xml"] = (200, urlset.format(
        f"<url><loc>http://[::1/y</loc></url><url><loc>{site.base()}/harbour.html</loc></url>").encode(),
        "application/xml", {})
    poll, (failure, page) = _poll(site, "/map.xml")
    assert isinstance(page, RawDocument) and page.meta["url"] == f"{site.base()}/harbour.html"
    assert isinstance(failure, Failure) and failure.source == f"{site.base()}/map.xml#entry-1"
    assert "http://[::1/y: it is not a valid web address (Invalid IPv6 URL)" in failure.reason
    read = poll.reads[f"{site.base()}/map.xml"]
    assert (read.entries, read.fetched, read.failed) == (2, 1, 1)

    site.routes["/ferry-map.xml"] = (200, urlset.format(f"<url><loc>{site.base()}/ferry.html</loc></url>").encode(),
                                     "application/xml", {})
    site.routes["/index.xml"] = (200, (
        b"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        b"<sitemap><loc>http://[::1/z</loc></sitemap><sitemap><loc>/ferry-map.xml</loc></sitemap>"
        b"</sitemapindex>"), "application/xml", {})
    poll, [page] = _poll(site, "/index.xml")
    assert isinstance(page, RawDocument) and page.meta["url"] == f"{site.base()}/ferry.html"
    read = poll.reads[f"{site.base()}/index.xml"]
    assert read.status == "read" and "not every sitemap of the index could be read" in read.problem
    assert "http://[::1/z: it is not a valid web address (Invalid IPv6 URL)" in read.problem


def test_a_sitemap_url_without_a_loc_is_a_failed_entry(site: Site) -> None:
    _two_entries(site)
    site.routes["/map.xml"] = (200, (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><!-- news -->"
        f"<url><loc>{site.base()}/harbour.html</loc></url><url><lastmod>2026-05-05</lastmod></url>"
        "</urlset>").encode(), "application/xml", {})
    poll, (failure, page) = _poll(site, "/map.xml")
    assert isinstance(page, RawDocument) and page.meta["url"] == f"{site.base()}/harbour.html"
    assert isinstance(failure, Failure) and failure.source == f"{site.base()}/map.xml#entry-2"
    assert "no link" in failure.reason
    read = poll.reads[f"{site.base()}/map.xml"]
    assert (read.entries, read.fetched, read.failed) == (2, 1, 1)  # the comment is no entry


def test_every_item_of_a_json_feed_is_accounted_for(site: Site) -> None:
    _two_entries(site)

    def json_feed(path: str, items: object) -> None:
        site.routes[path] = (200, json.dumps({"version": "https://jsonfeed.org/version/1.1",
                                              "title": "Vessel Gazette", "items": items}).encode(),
                             "application/feed+json", {})

    json_feed("/feed.json", [{"id": "1", "url": f"{site.base()}/harbour.html", "title": "Harbour crane toppled"},
                             42, "Ferries resume", None,
                             {"id": "2", "url": f"{site.base()}/ferry.html", "title": "Ferries resume"}])
    poll, documents = _poll(site, "/feed.json")
    assert sorted(d.meta["title"] for d in documents if isinstance(d, RawDocument)) == [
        "Ferries resume", "Harbour crane toppled"]
    failures = {f.source.rsplit("#", 1)[1]: f.reason for f in documents if isinstance(f, Failure)}
    assert list(failures) == ["entry-2", "entry-3", "entry-4"]
    assert "the JSON Feed item is a number, not an object" in failures["entry-2"]
    assert "the JSON Feed item is a string, not an object" in failures["entry-3"]
    assert "the JSON Feed item is null, not an object" in failures["entry-4"]
    read = poll.reads[f"{site.base()}/feed.json"]
    assert (read.status, read.entries, read.fetched, read.failed) == ("read", 5, 2, 3)

    for items, kind in ((5, "a number"), ({"url": f"{site.base()}/harbour.html"}, "an object")):
        json_feed("/odd.json", items)
        poll, [failure] = _poll(site, "/odd.json")
        assert isinstance(failure, Failure) and f"the JSON Feed's items are {kind}, not an array" in failure.reason
        assert poll.reads[f"{site.base()}/odd.json"].status == "failed"


@pytest.mark.parametrize(("url", "says"), [("http://[::1", r"not a valid web address \(Invalid IPv6 URL\)"),
                                           ("javascript:alert(1)", "the scheme 'javascript' is refused")])
def test_courtesy_refuses_a_malformed_or_non_web_address_without_reading_robots_txt(url: str, says: str) -> None:
    courtesy = _fast()
    with httpx.Client(transport=httpx.MockTransport(lambda request: pytest.fail(f"asked {request.url}"))) as http:
        assert not courtesy.needs_rules(url)
        assert courtesy.turn(url) == (0.0, -1)
        with pytest.raises(FetchError, match=says):
            courtesy.admit(url, http, allow_private=True)
        with pytest.raises(FetchError, match=says):
            courtesy.pace(url)


def test_a_feed_whose_etag_is_not_ascii_is_read_again_in_full(site: Site) -> None:
    _two_entries(site, etag='"gazette-\u00e9dition-1"')  # sent as Latin-1, which httpx cannot send back
    first, _ = _poll(site)
    read = first.reads[site.base() + "/feed.xml"]
    assert read.fetched == 2 and read.state.etag == '"gazette-\u00e9dition-1"'
    site.asked.clear()
    again, documents = _poll(site, known={read.url: read.state})
    assert documents == [] and site.paths() == ["/feed.xml"] and "If-None-Match" not in site.asked[0][2]
    assert (again.reads[read.url].status, again.reads[read.url].unchanged) == ("read", 2)
