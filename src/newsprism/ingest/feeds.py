"""RSS and Atom feeds (and JSON Feeds, and sitemaps, Google News ones included): read
them, then each new or changed entry's page.

A feed is read again and again (every run of ``newsprism ingest --feed``), so each read
starts from what the last one left (``FeedState``, kept in the archive):

- the feed is asked for conditionally (``If-None-Match`` / ``If-Modified-Since``), and a
  feed that answers 304 costs one request;
- an entry whose link and fingerprint (its id, dates, title and summary) are those of
  the last read is not fetched again; a changed entry is, and the archive keeps the
  page's new revision;
- an entry whose page could not be fetched has no fingerprint kept, so the next read
  tries it again.

The pages are fetched after every feed is read, taking next the host that may be asked
soonest (``Courtesy.turn``), so that the pause each host is owed is spent fetching from
the others.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser
import httpx
from lxml import etree

from newsprism.errors import FetchError, InputError, MalformedInputError, NewsprismError, RobotsRefusedError
from newsprism.ingest.robots import Courtesy
from newsprism.ingest.web import (
    DEFAULT_FETCH_MAX_BYTES,
    DEFAULT_TIMEOUT,
    USER_AGENT,
    fetch_response,
    fetch_url,
    join_url,
    url_host,
    url_id,
)
from newsprism.records import Failure, RawDocument

# A sitemap index is followed to this many of its sitemaps, the most recently modified
# first: a news site's index lists its current news sitemap beside years of archives.
SITEMAP_INDEX_FOLLOW = 3

# An entry whose content holds this many words is taken for the whole article when its
# page cannot be fetched (refused by robots.txt, a 403 to robots, a site that is down).
# Feeds' teasers run to 20-60 words; 150 is a short news story. A judgement, not measured.
FEED_TEXT_MIN_WORDS = 150
_TAGS = re.compile(r"<[^>]*>")
_FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json;q=0.9, "
                "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")


@dataclass
class FeedState:
    """What the last read of one feed left for the next: the feed's validators and each
    entry it listed, by link, with the fingerprint it had then."""

    etag: str | None = None
    last_modified: str | None = None
    entries: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return json.dumps({"etag": self.etag, "last_modified": self.last_modified, "entries": self.entries},
                          sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, blob: bytes) -> FeedState:
        data = json.loads(blob.decode("utf-8"))
        return cls(data.get("etag"), data.get("last_modified"), dict(data.get("entries") or {}))


@dataclass
class FeedRead:
    """How one read of a feed went, and the state the next read starts from.

    ``status`` is ``"read"``, ``"not modified"`` (304: nothing asked beyond the feed) or
    ``"failed"`` (the feed itself could not be read; ``problem`` says why). ``entries``
    counts the entries read (at most the run's limit), ``unchanged`` those not fetched
    again, ``fetched`` the pages fetched, ``from_feed`` the entries taken from the feed's
    own full text because their page could not be fetched, ``refused`` the entries not
    fetched because the site's robots.txt does not allow it (not failures: the site asked;
    they are looked at again at each read, so a changed robots.txt is followed), and
    ``failed`` the entries that gave a failure. ``moved_to`` is the feed's new address when it redirected there
    permanently: the list of feeds should say that address instead.
    """

    url: str
    state: FeedState
    status: str = "read"
    read_at: str = ""
    entries: int = 0
    unchanged: int = 0
    fetched: int = 0
    from_feed: int = 0
    failed: int = 0
    problem: str = ""
    refused: int = 0
    moved_to: str = ""

    def summary(self) -> dict[str, Any]:
        """The read without its state: what ``newsprism feeds --json`` and ``/api/feeds`` give."""
        return {"url": self.url, "status": self.status, "read_at": self.read_at, "entries": self.entries,
                "unchanged": self.unchanged, "fetched": self.fetched, "from_feed": self.from_feed,
                "refused": self.refused, "failed": self.failed, "problem": self.problem,
                "moved_to": self.moved_to}

    def to_bytes(self) -> bytes:
        return json.dumps({"read": self.summary(), "state": json.loads(self.state.to_bytes())},
                          sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, blob: bytes) -> FeedRead:
        data = json.loads(blob.decode("utf-8"))
        read = data["read"]
        return cls(state=FeedState.from_bytes(json.dumps(data["state"]).encode("utf-8")),
                   refused=read.get("refused", 0),  # kept by releases that did not count them
                   **{name: read[name] for name in ("url", "status", "read_at", "entries", "unchanged",
                                                    "fetched", "from_feed", "failed", "problem", "moved_to")})


@dataclass
class _Entry:
    feed: str
    link: str
    fingerprint: str
    meta: dict[str, Any]
    content: str  # the article as the feed carries it (HTML), when it carries enough of it


@dataclass
class _Unreadable:
    """An item of a feed that is no entry at all (a number among a JSON Feed's items), and why."""

    problem: str


class FeedPoll:
    """One read of ``urls``: iterate it for the entries' pages (``RawDocument``) and the
    failures; afterwards ``reads`` holds each feed's ``FeedRead``.

    ``known`` is each feed's state from its last read (``archive.feed_states``);
    ``courtesy`` the run's manners (robots.txt, pacing), a polite default when None.
    """

    def __init__(
        self,
        urls: Sequence[str],
        *,
        known: Mapping[str, FeedState] | None = None,
        courtesy: Courtesy | None = None,
        client: httpx.Client | None = None,
        allow_private: bool = False,
        max_bytes: int = DEFAULT_FETCH_MAX_BYTES,
        limit: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.urls = list(dict.fromkeys(urls))
        self.known = dict(known or {})
        self.courtesy = courtesy or Courtesy()
        self.client = client
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.limit = limit
        self.timeout = timeout
        self.reads: dict[str, FeedRead] = {}

    def __iter__(self) -> Iterator[RawDocument | Failure]:
        if self.client is not None:
            yield from self._poll(self.client)
            return
        with httpx.Client(timeout=self.timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=False) as http:
            yield from self._poll(http)

    def _poll(self, http: httpx.Client) -> Iterator[RawDocument | Failure]:
        queue: list[_Entry] = []
        for url in _hosts_in_turn(self.urls):  # several feeds of one site: the others fill its pauses
            entries, failures = self._read_feed(url, http)
            queue.extend(entries)
            yield from failures
        self.reads = {url: self.reads[url] for url in self.urls}  # as given, whatever order they were read in
        pending: dict[str, deque[_Entry]] = {}
        for entry in queue:
            pending.setdefault(url_host(entry.link), deque()).append(entry)
        while pending:
            host = min(pending, key=lambda name: self.courtesy.turn(pending[name][0].link))
            entry = pending[host][0]
            if self.courtesy.needs_rules(entry.link):  # a request of its own, so it takes its turn
                self.courtesy.read_rules(entry.link, http, allow_private=self.allow_private, timeout=self.timeout)
                continue
            pending[host].popleft()
            if not pending[host]:
                del pending[host]
            fetched = self._fetch_entry(entry, http)
            if fetched is not None:
                yield fetched

    def _fetch_entry(self, entry: _Entry, http: httpx.Client) -> RawDocument | Failure | None:
        """The entry's page; the feed's own text when the page cannot be fetched; a
        ``Failure``; or None when the site's robots.txt does not allow it (counted)."""
        try:
            self.courtesy.admit(entry.link, http, allow_private=self.allow_private, timeout=self.timeout)
            document = fetch_url(entry.link, client=http, allow_private=self.allow_private,
                                 max_bytes=self.max_bytes, timeout=self.timeout)
        except NewsprismError as error:
            if isinstance(error, FetchError):
                self.courtesy.refused(entry.link, error)
            read = self.reads[entry.feed]
            if not entry.content and isinstance(error, RobotsRefusedError):
                read.refused += 1
                return None
            if not entry.content:
                read.failed += 1
                return Failure(entry.link, str(error))
            # the feed carries the whole article: take it from there, and say why in the metadata
            read.from_feed += 1
            read.state.entries[entry.link] = entry.fingerprint
            return RawDocument(entry.link, html=entry.content,
                               meta={"id": url_id(entry.link), "url": entry.link, **entry.meta,
                                     "taken_from_feed": f"the page was not fetched: {error}"})
        read = self.reads[entry.feed]
        read.fetched += 1
        read.state.entries[entry.link] = entry.fingerprint
        return RawDocument(document.source, text=document.text, html=document.html,
                           meta={**document.meta, **entry.meta})

    def _read_feed(self, url: str, http: httpx.Client) -> tuple[list[_Entry], list[Failure]]:
        """The feed's entries still to fetch and its failures; records its ``FeedRead``."""
        previous = self.known.get(url) or FeedState()
        read = self.reads[url] = FeedRead(url, FeedState(previous.etag, previous.last_modified),
                                          read_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        asked = {"Accept": _FEED_ACCEPT}
        # a validator that is not ASCII cannot be sent back (httpx refuses it): the feed is asked in full
        if previous.etag and previous.etag.isascii():
            asked["If-None-Match"] = previous.etag
        if previous.last_modified and previous.last_modified.isascii():
            asked["If-Modified-Since"] = previous.last_modified
        try:
            self.courtesy.pace(url)
            response = fetch_response(url, client=http, allow_private=self.allow_private,
                                      max_bytes=self.max_bytes, timeout=self.timeout, headers=asked)
        except NewsprismError as error:
            if isinstance(error, FetchError):
                self.courtesy.refused(url, error)
            read.status, read.state, read.problem = "failed", previous, str(error)
            return [], [Failure(url, str(error))]
        read.moved_to = response.moved or ""
        if response.status == 304:
            read.status, read.state = "not modified", previous
            return [], []
        read.state.etag = response.headers.get("etag")
        read.state.last_modified = response.headers.get("last-modified")
        sitemap = _sitemap(response.body)
        json_feed = _json_feed(response.body) if sitemap is None else None
        if sitemap is not None and sitemap[0] == "sitemap index":
            outlet, entries, problem = self._follow_index(url, sitemap[2], http)
            if entries and problem:  # read, but not all of it
                read.problem = f"not every sitemap of the index could be read: {problem}"
            problem = f"it is a sitemap index, and {problem or 'the sitemaps it lists list no pages'}"
        elif sitemap is not None:
            _, outlet, entries = sitemap
            problem = "the sitemap lists no pages"
        elif json_feed is not None:
            outlet, entries, problem = json_feed
        else:
            parsed = feedparser.parse(response.body)
            outlet, entries = parsed.feed.get("title"), list(parsed.entries)
            problem = "it is not an RSS or Atom feed or a sitemap" if parsed.bozo else "the feed has no entries"
        if not entries:
            error = FetchError("Check the feed URL.", source=url, problem=problem)
            read.status, read.state, read.problem = "failed", previous, str(error)
            return [], [Failure(url, str(error))]
        todo: list[_Entry] = []
        failures: list[Failure] = []
        listed: set[str] = set()
        for number, entry in enumerate(entries[:self.limit] if self.limit is not None else entries, start=1):
            read.entries += 1
            where = f"{url}#entry-{number}"
            if isinstance(entry, _Unreadable):
                read.failed += 1
                failures.append(Failure(where, str(MalformedInputError("It is left out; the feed's other entries "
                                                                       "are read.", source=where,
                                                                       problem=entry.problem))))
                continue
            link = entry.get("link")
            if not link:
                read.failed += 1
                failures.append(Failure(where, str(FetchError("The feed entry has no link.", source=where,
                                                              problem="no link"))))
                continue
            try:
                link = join_url(url, link)  # a malformed link, or one to javascript: or mailto:
            except FetchError as error:
                read.failed += 1
                failures.append(Failure(where, str(error)))
                continue
            if link in listed:  # a feed that lists one page twice: read it once
                continue
            listed.add(link)
            fingerprint = _fingerprint(entry)
            if previous.entries.get(link) == fingerprint:
                read.unchanged += 1
                read.state.entries[link] = fingerprint
                continue
            todo.append(_Entry(url, link, fingerprint, _entry_meta(entry, outlet, url), _full_text(entry)))
        return todo, failures


    def _follow_index(self, url: str, sitemaps: list[dict[str, Any]],
                      http: httpx.Client) -> tuple[str | None, list[dict[str, Any]], str]:
        """The pages of the ``SITEMAP_INDEX_FOLLOW`` sitemaps of an index modified last (the
        first listed when none says when), their outlet, and what could not be read."""
        dated = sorted((s for s in sitemaps if s.get("lastmod")), key=lambda s: s["lastmod"], reverse=True)
        chosen = (dated or sitemaps)[:SITEMAP_INDEX_FOLLOW]
        outlet: str | None = None
        entries: list[dict[str, Any]] = []
        problems: list[str] = []
        for child in chosen:
            try:
                where = join_url(url, child["loc"])
            except FetchError as error:
                problems.append(str(error))
                continue
            if url_host(where) != url_host(url):  # the sitemaps protocol's rule
                problems.append(f"{where} is on another site than the index, so it is not read")
                continue
            try:
                self.courtesy.pace(where)
                body = fetch_response(where, client=http, allow_private=self.allow_private,
                                      max_bytes=self.max_bytes, timeout=self.timeout).body
            except NewsprismError as error:
                if isinstance(error, FetchError):
                    self.courtesy.refused(where, error)
                problems.append(str(error))
                continue
            found = _sitemap(body)
            if found is None or found[0] != "sitemap":
                problems.append(f"{where} is not a sitemap of pages")
                continue
            outlet = outlet or found[1]
            entries.extend(found[2])
        return outlet, entries, "; ".join(problems)


def read_feed(
    url: str,
    *,
    client: httpx.Client | None = None,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_FETCH_MAX_BYTES,
    limit: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    courtesy: Courtesy | None = None,
) -> Iterator[RawDocument | Failure]:
    """Fetch an RSS or Atom feed, then each entry's page (at most ``limit`` entries), as
    a first read that knows nothing from earlier ones (``FeedPoll`` for more).

    The entry's title, published date and authors, and the feed's title as outlet, go into
    the page's metadata. A feed that cannot be read, or an entry whose page fails, is a
    ``Failure``; the other entries proceed.
    """
    yield from FeedPoll([url], client=client, allow_private=allow_private, max_bytes=max_bytes,
                        limit=limit, timeout=timeout, courtesy=courtesy)


def read_feed_list(path: str | Path) -> list[str]:
    """The feed URLs listed in ``path``: an OPML file (each outline's ``xmlUrl``, as feed
    readers export their subscriptions) or plain text, one URL per line (blank lines and
    lines starting with ``#`` are skipped)."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"({error.strerror or error})", source=source) from error
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as error:
            raise MalformedInputError(source=source, problem=f"it is not a valid OPML file ({error})") from error
        urls = [str(node.get("xmlUrl")).strip() for node in root.iter("outline") if node.get("xmlUrl")]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise MalformedInputError(source=source, problem="it is not UTF-8 text") from error
        urls = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if not urls:
        raise MalformedInputError(source=source, problem="it lists no feed URLs")
    return urls


# --------------------------------------------------------------------------- helpers


def _hosts_in_turn(urls: Sequence[str]) -> list[str]:
    """``urls`` reordered to take their hosts in turn, each host's in the order given."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(url_host(url), []).append(url)  # "" for a malformed one, which fails when read
    rounds = max((len(group) for group in by_host.values()), default=0)
    return [group[n] for n in range(rounds) for group in by_host.values() if n < len(group)]


def _sitemap(body: bytes) -> tuple[str, str | None, list[dict[str, Any]]] | None:
    """``("sitemap", outlet, entries)``: a sitemap's pages as feed entries (``link``,
    ``title``, ``published``, ``updated``; a ``<url>`` without ``<loc>`` is an entry without
    a link, which fails) and the outlet its Google News tags name;
    ``("sitemap index", None, sitemaps)`` for a list of sitemaps (``loc``, ``lastmod``);
    None when ``body`` is not a sitemap."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if b"<urlset" not in head and b"<sitemapindex" not in head:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None
    if etree.QName(root).localname != "urlset":
        sitemaps = []
        for node in root:
            fields = {etree.QName(child).localname: (child.text or "").strip() for child in node.iter()
                      if isinstance(child.tag, str)}
            if fields.get("loc"):
                sitemaps.append({"loc": fields["loc"], "lastmod": fields.get("lastmod") or None})
        return "sitemap index", None, sitemaps
    entries: list[dict[str, Any]] = []
    outlet: str | None = None
    for node in root:
        if not isinstance(node.tag, str):  # a comment
            continue
        fields = {etree.QName(child).localname: (child.text or "").strip() for child in node.iter()
                  if isinstance(child.tag, str)}
        if not fields.get("loc"):
            entries.append({"link": None})  # a <url> without <loc>: an entry that fails for want of a link
            continue
        outlet = outlet or fields.get("name") or None  # news:publication/news:name
        entries.append({"link": fields["loc"], "title": fields.get("title") or None,
                        "published": fields.get("publication_date") or fields.get("lastmod") or None,
                        "updated": fields.get("lastmod") or None})
    return "sitemap", outlet, entries


def _json_feed(body: bytes) -> tuple[str | None, list[dict[str, Any] | _Unreadable], str] | None:
    """A JSON Feed's (https://jsonfeed.org, versions 1 and 1.1) title, its items as feed
    entries (``id``, ``link``, ``title``, ``summary``, ``content``, ``published``,
    ``updated``, ``authors``; ``_Unreadable`` for an item that is not an object), and why
    there are none when there are none; feedparser does not read JSON Feeds. None when
    ``body`` is not one."""
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or "jsonfeed.org/version/" not in str(data.get("version", "")):
        return None
    title = data.get("title")
    title = title if isinstance(title, str) else None
    items = data.get("items")
    if items is None:
        return title, [], "the JSON Feed has no items"
    if not isinstance(items, list):
        return title, [], f"the JSON Feed's items are {_json_kind(items)}, not an array"
    entries: list[dict[str, Any] | _Unreadable] = []
    for item in items:
        if not isinstance(item, dict):
            entries.append(_Unreadable(f"the JSON Feed item is {_json_kind(item)}, not an object"))
            continue
        text = {name: value for name, value in item.items() if isinstance(value, str) and value.strip()}
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        authors = authors if isinstance(authors, list) else []
        content = text.get("content_html") or html.escape(text.get("content_text", ""))
        entries.append({
            "id": str(item.get("id") or ""), "link": text.get("url") or text.get("external_url"),
            "title": text.get("title"), "summary": text.get("summary", ""),
            "content": [{"value": content}] if content else [],
            "published": text.get("date_published"), "updated": text.get("date_modified"),
            "authors": [{"name": a["name"]} for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)],
        })
    return title, entries, "the JSON Feed has no items"


def _json_kind(value: object) -> str:
    """What ``value``, read from JSON, is, in JSON's words."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    kinds = ((str, "a string"), ((int, float), "a number"), (list, "an array"), (dict, "an object"))
    return next((name for kind, name in kinds if isinstance(value, kind)), type(value).__name__)


def _full_text(entry: Any) -> str:
    """The entry's content (or summary) when it holds a whole article, not a teaser: at
    least ``FEED_TEXT_MIN_WORDS`` words once its markup is gone; else ``""``."""
    contents = [part.get("value") or "" for part in entry.get("content") or []]
    for markup in [*contents, entry.get("summary") or ""]:
        if len(_TAGS.sub(" ", markup).split()) >= FEED_TEXT_MIN_WORDS:
            return markup
    return ""


def _fingerprint(entry: Any) -> str:
    """What says an entry changed: its id, dates, title and summary."""
    # dict.get: feedparser's own get answers "updated" with "published" when it is absent
    parts = [dict.get(entry, name) or "" for name in ("id", "published", "updated", "title", "summary")]
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def _entry_meta(entry: Any, outlet: str | None, feed_url: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"feed": feed_url}
    if entry.get("title"):
        meta["title"] = entry["title"]
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        meta["published"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp)
    elif entry.get("published") or entry.get("updated"):
        meta["published"] = entry.get("published") or entry.get("updated")
    authors = [author.get("name") for author in entry.get("authors", []) if author.get("name")]
    if not authors and entry.get("author"):
        authors = [entry["author"]]
    if authors:
        meta["authors"] = authors
    if outlet:
        meta["outlet"] = outlet
    return meta
