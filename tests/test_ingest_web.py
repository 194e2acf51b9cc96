"""Fetching pages and feeds from a real HTTP server started on 127.0.0.1 by the test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from newsprism.errors import FetchError, UnsafeURLError
from newsprism.ingest import USER_AGENT, Courtesy, check_url, fetch_url, read_feed, read_inputs
from newsprism.records import Failure, RawDocument

PAGE = ("<html><head><meta charset='utf-8'><title>Osterby lanterns</title></head><body>"
        "<article><p>Lanterns lit the river at Osterby on Friday.</p></article></body></html>")
PLAIN = "Lanterns lit the river at Osterby on Friday.\n\nThe mayor spoke at dusk."


def _rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Osterby Post</title><link>{base}/</link>
<item><title>Lanterns on the river</title><link>{base}/page.html</link>
<pubDate>Fri, 01 May 2026 18:30:00 +0000</pubDate><author>ann@osterby.example (Ann Lee)</author></item>
<item><title>Gone</title><link>{base}/missing</link></item>
<item><title>Plain</title><link>/plain.txt</link></item>
</channel></rss>"""


def _atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>River Weekly</title><id>urn:river</id>
<updated>2026-05-02T08:00:00Z</updated>
<entry><title>Dusk speech</title><link href="{base}/page.html"/><id>urn:1</id>
<updated>2026-05-02T08:00:00Z</updated><author><name>Bo Kim</name></author></entry>
</feed>"""


class _Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        _Handler.user_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        if path == "/page.html":
            self._send(200, PAGE.encode())
        elif path == "/plain.txt":
            self._send(200, PLAIN.encode(), "text/plain; charset=utf-8")
        elif path == "/latin.html":
            self._send(200, "<p>Café façade, señora Núñez.</p>".encode("cp1252"), "text/html; charset=windows-1252")
        elif path == "/redirect":
            self._send(302, headers={"Location": "/hop"})
        elif path == "/hop":
            self._send(301, headers={"Location": f"{base}/page.html"})
        elif path in ("/loop-a", "/loop-b"):
            self._send(302, headers={"Location": "/loop-b" if path == "/loop-a" else "/loop-a"})
        elif path.startswith("/chain/"):
            step = int(path.rsplit("/", 1)[1])
            self._send(302, headers={"Location": f"/chain/{step + 1}"})
        elif path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/to-malformed":
            self._send(302, headers={"Location": "http://lanterns]/"})  # httpx takes it, urllib does not
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the cap must hold while streaming
            for _ in range(64):
                self.wfile.write(b"<p>" + b"x" * 16_000 + b"</p>")
        elif path == "/big-declared":
            self._send(200, b"y" * 300_000)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE.encode())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(20):  # each byte arrives well within the read timeout
                self.wfile.write(b"<p>x</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        elif path == "/rss.xml":
            self._send(200, _rss(base).encode(), "application/rss+xml")
        elif path == "/atom.xml":
            self._send(200, _atom(base).encode(), "application/atom+xml")
        elif path == "/not-a-feed.xml":
            self._send(200, b"<html><body>hello</body></html>", "text/html")
        else:
            self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hanging up on /slow or /big is what those tests do


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_ingest_fetch_page_gives_html_and_names_newsprism(server: str) -> None:
    doc = fetch_url(f"{server}/page.html", allow_private=True)
    assert doc.html == PAGE and doc.text is None
    assert doc.meta["url"] == f"{server}/page.html" and doc.meta["id"].startswith("page-")
    assert _Handler.user_agents[-1] == USER_AGENT and "newsprism" in USER_AGENT


def test_ingest_fetch_plain_text_gives_text(server: str) -> None:
    doc = fetch_url(f"{server}/plain.txt", allow_private=True)
    assert doc.text == PLAIN and doc.html is None


def test_ingest_fetch_declared_charset_is_used(server: str) -> None:
    doc = fetch_url(f"{server}/latin.html", allow_private=True)
    assert doc.html is not None and "señora Núñez" in doc.html
    assert doc.meta["decoded_from"] == "windows-1252"


def test_ingest_fetch_follows_redirects_to_final_url(server: str) -> None:
    doc = fetch_url(f"{server}/redirect", allow_private=True)
    assert doc.source == f"{server}/redirect"
    assert doc.meta["url"] == f"{server}/page.html" and doc.html == PAGE


def test_ingest_fetch_redirect_loop_and_too_many_hops(server: str) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetch_url(f"{server}/loop-a", allow_private=True)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch_url(f"{server}/chain/0", allow_private=True)


def test_ingest_fetch_redirect_to_other_scheme_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="scheme 'file'"):
        fetch_url(f"{server}/to-file", allow_private=True)


def test_ingest_fetch_redirect_to_a_malformed_address_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match=r"redirected to 'http://lanterns\]/', which is not a valid web address"):
        fetch_url(f"{server}/to-malformed", allow_private=True)


def test_ingest_fetch_size_cap_while_streaming_and_declared(server: str) -> None:
    with pytest.raises(FetchError, match="200000 byte cap"):
        fetch_url(f"{server}/big", allow_private=True, max_bytes=200_000)
    with pytest.raises(FetchError, match="200000 byte cap"):
        fetch_url(f"{server}/big-declared", allow_private=True, max_bytes=200_000)
    assert fetch_url(f"{server}/big", allow_private=True, max_bytes=2_000_000).html


def test_ingest_fetch_slow_server_times_out(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        fetch_url(f"{server}/slow", allow_private=True, timeout=0.3)
    assert time.monotonic() - started < 1.4


def test_ingest_fetch_trickling_server_hits_the_overall_deadline(server: str) -> None:
    with pytest.raises(FetchError, match="took longer than 0.5 s"):
        fetch_url(f"{server}/trickle", allow_private=True, timeout=0.5)


def test_ingest_fetch_404_and_non_page(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{server}/missing", allow_private=True)
    with pytest.raises(FetchError, match="image/png"):
        fetch_url(f"{server}/image.png", allow_private=True)


def test_ingest_loopback_refused_by_default(server: str) -> None:
    with pytest.raises(UnsafeURLError, match="127.0.0.1") as caught:
        fetch_url(f"{server}/page.html")
    assert "--allow-private" in str(caught.value)
    with pytest.raises(UnsafeURLError):
        check_url("http://localhost:9/")
    for address in ("http://10.1.2.3/", "http://169.254.169.254/latest/", "http://[::1]/", "http://[::ffff:127.0.0.1]/"):
        with pytest.raises(UnsafeURLError):
            check_url(address)
    check_url("http://93.184.216.34/")  # a public address literal passes without DNS


def test_ingest_every_redirect_hop_is_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "93.184.216.34":
            return httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"})
        return httpx.Response(200, text="secret")  # must never be reached

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(UnsafeURLError, match="127.0.0.1"):
            fetch_url("http://93.184.216.34/story", client=client)


def test_ingest_non_http_scheme_refused() -> None:
    for url in ("file:///etc/hosts", "ftp://example.org/a.txt", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="scheme"):
            fetch_url(url, allow_private=True)


def test_ingest_read_inputs_urls_give_documents_or_failures(server: str) -> None:
    items = list(read_inputs([f"{server}/page.html", f"{server}/missing"], allow_private=True))
    assert isinstance(items[0], RawDocument) and items[0].html == PAGE
    assert isinstance(items[1], Failure) and "HTTP 404" in items[1].reason
    [refused] = list(read_inputs([f"{server}/page.html"]))
    assert isinstance(refused, Failure) and "--allow-private" in refused.reason


def test_ingest_rss_feed_entries_with_meta_and_failures(server: str) -> None:
    items = list(read_feed(f"{server}/rss.xml", allow_private=True, courtesy=Courtesy(delay=0)))
    assert len(items) == 3
    page, gone, plain = items
    assert isinstance(page, RawDocument) and page.html == PAGE
    assert page.meta["title"] == "Lanterns on the river" and page.meta["outlet"] == "Osterby Post"
    assert page.meta["published"] == "2026-05-01T18:30:00Z"
    assert page.meta["authors"] and "Ann Lee" in page.meta["authors"][0]
    assert isinstance(gone, Failure) and gone.source == f"{server}/missing" and "404" in gone.reason
    assert isinstance(plain, RawDocument) and plain.text == PLAIN  # relative link resolved
    assert len(list(read_feed(f"{server}/rss.xml", allow_private=True, limit=1, courtesy=Courtesy(delay=0)))) == 1


def test_ingest_atom_feed(server: str) -> None:
    [entry] = list(read_feed(f"{server}/atom.xml", allow_private=True))
    assert isinstance(entry, RawDocument)
    assert entry.meta["authors"] == ["Bo Kim"] and entry.meta["outlet"] == "River Weekly"
    assert entry.meta["published"] == "2026-05-02T08:00:00Z" and entry.meta["title"] == "Dusk speech"


def test_ingest_feed_failures(server: str) -> None:
    [refused] = list(read_feed(f"{server}/rss.xml"))
    assert isinstance(refused, Failure) and "--allow-private" in refused.reason
    [bad] = list(read_feed(f"{server}/not-a-feed.xml", allow_private=True))
    assert isinstance(bad, Failure) and "feed" in bad.reason


def test_ingest_malformed_urls_are_failures_not_tracebacks(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    malformed = {
        "http://[::1": "it is not a valid web address (Invalid IPv6 URL)",
        "http://[::1/story": "it is not a valid web address (Invalid IPv6 URL)",
        "http://[lanterns]/story": "it is not a valid web address ('lanterns' does not appear to be an IPv4",
        "http://127.0.0.1:port/story": "the port is not valid",
        "http://127.0.0.1:99999/story": "the port is not valid (Port out of range 0-65535)",
        "http://xn--a.example/story": "it is not a valid web address (Codepoint U+0080",
        "http:///story": "the URL has no host",
    }
    for allow_private in (True, False):
        *failures, last = list(read_inputs([*malformed, f"http://127.0.0.1:{port}/page.html"],
                                           allow_private=allow_private, courtesy=Courtesy(delay=0)))
        assert [f.source for f in failures] == list(malformed)
        for failure, says in zip(failures, malformed.values(), strict=True):
            assert isinstance(failure, Failure) and f"Cannot fetch {failure.source}: {says}" in failure.reason
        assert isinstance(last, RawDocument) if allow_private else isinstance(last, Failure)
    for url in malformed:
        with pytest.raises(FetchError):
            check_url(url, allow_private=True)
