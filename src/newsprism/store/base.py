"""What both backends share: the store's records and every operation written once in SQL.

Each backend (``sqlite.py``, ``postgres.py``) supplies a connection, transactions, the
migration runner and full-text search; the SQL here is portable (``?`` placeholders,
``ON CONFLICT``, ``RETURNING``) and runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from newsprism.errors import StoreError
from newsprism.records import Article, Failure, Story
from newsprism.store.codec import field_hints, from_json, to_json

STORY_EVENT_KINDS = ("created", "joined", "merged", "split", "updated")
# Orders of ``list_stories``: the store's last change first, or the widest or latest stories.
STORY_SORTS = ("updated", "size", "outlets", "latest")
_STORY_ORDER = {
    "size": "COUNT(s.article_id) DESC",
    "outlets": "COUNT(DISTINCT r.outlet) DESC, COUNT(s.article_id) DESC",
    "latest": "CASE WHEN MAX(r.published) IS NULL THEN 1 ELSE 0 END, MAX(r.published) DESC",
}

# Article fields stored in plain columns (``id`` is ``article_id``), and those stored as
# JSON columns. Any other field of Article goes, as JSON, in the ``extra`` column.
_SCALAR_COLUMNS = ("source", "title", "outlet", "url", "published", "dateline", "language", "story",
                   "text", "content_hash")
_JSON_COLUMNS = ("authors", "headings", "removed", "evidence")
_ARTICLE_COLUMNS = _SCALAR_COLUMNS + _JSON_COLUMNS + ("extra",)
_REVISION_SELECT = "r.article_id, " + ", ".join(f"r.{name}" for name in _ARTICLE_COLUMNS)

# Keys looked up per query (SQLite allows 32,766 parameters; fewer keeps statements short).
_KEYS_PER_QUERY = 500

Query = Callable[..., list[tuple[Any, ...]]]


@dataclass(frozen=True)
class AddResult:
    """What ``add_article`` did: stored a ``new`` article, a new ``revision`` of a known
    one, or nothing because the same content is already stored (``duplicate``).
    ``article_id`` is the store's id for the article (see ``Store.add_article``)."""

    status: Literal["new", "duplicate", "revision"]
    article_id: str
    revision: int


@dataclass(frozen=True)
class StoryRow:
    """One line of a story list: the story and a digest of its latest articles."""

    id: str
    title: str
    size: int
    outlets: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    updated_at: str
    # articles whose outlet is not known (not given and not found in the text)
    unknown_outlets: int = 0


@dataclass(frozen=True)
class StoryEvent:
    """One step of a story's history. ``kind``: created | joined | merged | split | updated;
    ``at``: ISO 8601 UTC timestamp; ``article_ids``: the articles the step concerned."""

    story_id: str
    kind: str
    at: str
    article_ids: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)


def now() -> str:
    """The current time as an ISO 8601 UTC timestamp with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def dedup_hash(article: Article) -> str:
    """The key that makes two articles the same content: ``content_hash`` when set, else a
    hash of title and text."""
    if article.content_hash:
        return article.content_hash
    digest = hashlib.sha256()
    digest.update((article.title or "").encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return "sha256:" + digest.hexdigest()


class Store(ABC):
    """An article store. Use ``newsprism.store.open_store`` to get one; it is a context
    manager and every public method is one transaction."""

    location: str
    _conn: Any  # the backend's DB-API connection; None once closed

    def __init__(self, location: str) -> None:
        self.location = location
        self._lock = threading.RLock()
        self._outer: Query | None = None  # the transaction of an ``atomic()`` block

    # ----------------------------------------------------------------- backend hooks

    @abstractmethod
    def _transaction(self, *, write: bool) -> AbstractContextManager[Query]:
        """A transaction; yields ``q(sql, params=()) -> rows`` (``?`` placeholders)."""

    @abstractmethod
    def _search(self, terms: str) -> tuple[str, str, tuple[Any, ...], str, tuple[Any, ...]]:
        """(join, where, where params, order by, order params) restricting the latest
        revisions ``r`` of articles ``a`` to those matching ``terms``, best first."""

    @abstractmethod
    def _reindex(self, q: Query, seq: int, article: Article) -> None:
        """Point the full-text index of article ``seq`` at ``article``."""

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _encode_json(self, value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False)

    def _decode_json(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    @abstractmethod
    def _lock_writers(self, q: Query) -> None:
        """Serialize concurrent ``add_article`` calls across processes."""

    # ----------------------------------------------------------------- context manager

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Make every store call inside the block one transaction: all of them are kept, or
        (on any exception, Ctrl-C included) none. Other threads wait until it ends, and
        other processes' writers too (so a read inside the block stays true until it ends)."""
        with self._lock:
            if self._outer is not None:  # already inside one
                yield
                return
            with self._transaction(write=True) as q:
                self._lock_writers(q)
                self._outer = q
                try:
                    yield
                finally:
                    self._outer = None

    def _write(self) -> AbstractContextManager[Query]:
        return self._joined(write=True)

    def _read(self) -> AbstractContextManager[Query]:
        return self._joined(write=False)

    @contextmanager
    def _joined(self, *, write: bool) -> Iterator[Query]:
        """The transaction of the ``atomic()`` block around the call, or one of its own."""
        with self._lock:
            if self._outer is not None:
                yield self._outer
                return
            with self._transaction(write=write) as q:
                yield q

    def _error(self, problem: str) -> StoreError:
        return StoreError(location=self.location, problem=problem)

    # ----------------------------------------------------------------- articles

    def add_article(self, article: Article) -> AddResult:
        """Store ``article`` in one transaction and say what happened.

        - The same content (``content_hash``, or title + text when it is empty) already
          stored for the same article, or for another article of the same outlet, is a
          ``duplicate``: nothing is written.
        - Otherwise an article with a known URL (or, without a URL, a known id) gets a new
          ``revision``; older revisions stay retrievable.
        - Otherwise it is ``new``. Its id is ``article.id`` unless another article (with
          another URL) already has that id, in which case a suffix derived from the content
          makes it unique.

        The stored record's ``id`` is the returned ``article_id``; every other field is kept
        exactly as given.
        """
        key = dedup_hash(article)
        with self._write() as q:
            self._lock_writers(q)
            known = self._resolve_identity(q, article)
            if known is not None:
                rows = q("SELECT revision FROM article_revisions WHERE article_id = ? AND dedup_hash = ? "
                         "ORDER BY revision LIMIT 1", (known, key))
                if rows:
                    return AddResult("duplicate", known, rows[0][0])
                seq, latest = q("SELECT seq, latest_revision FROM articles WHERE id = ?", (known,))[0]
                revision = latest + 1
                stored = dataclasses.replace(article, id=known)
                q("UPDATE articles SET latest_revision = ?, updated_at = ? WHERE id = ?",
                  (revision, now(), known))
                self._insert_revision(q, stored, revision, key)
                self._reindex(q, seq, stored)
                return AddResult("revision", known, revision)

            rows = q("SELECT article_id, revision FROM article_revisions WHERE dedup_hash = ? "
                     "AND COALESCE(outlet, '') = ? ORDER BY article_id, revision LIMIT 1",
                     (key, article.outlet or ""))
            if rows:
                return AddResult("duplicate", rows[0][0], rows[0][1])
            new_id = self._free_id(q, article.id, key)
            stored = dataclasses.replace(article, id=new_id)
            stamp = now()
            seq = q("INSERT INTO articles (id, latest_revision, first_seen, updated_at) VALUES (?, 1, ?, ?) "
                    "RETURNING seq", (new_id, stamp, stamp))[0][0]
            self._insert_revision(q, stored, 1, key)
            self._reindex(q, seq, stored)
            return AddResult("new", new_id, 1)

    def add_articles(self, articles: Sequence[Article]) -> list[AddResult]:
        """``add_article`` for each article in turn: each one its own transaction."""
        return [self.add_article(article) for article in articles]

    def _resolve_identity(self, q: Query, article: Article) -> str | None:
        if article.url:
            rows = q("SELECT article_id FROM article_urls WHERE url = ?", (article.url,))
            return rows[0][0] if rows else None
        rows = q("SELECT id FROM articles WHERE id = ?", (article.id,))
        return rows[0][0] if rows else None

    def _free_id(self, q: Query, wanted: str, key: str) -> str:
        candidate, attempt = wanted, 0
        while q("SELECT 1 FROM articles WHERE id = ?", (candidate,)):
            attempt += 1
            suffix = key.rsplit(":", 1)[-1][:8]
            candidate = f"{wanted}-{suffix}" if attempt == 1 else f"{wanted}-{suffix}-{attempt}"
        return candidate

    def _insert_revision(self, q: Query, article: Article, revision: int, key: str) -> None:
        values = self._article_values(article)
        names = ", ".join(_ARTICLE_COLUMNS)
        marks = ", ".join("?" for _ in _ARTICLE_COLUMNS)
        q(f"INSERT INTO article_revisions (article_id, revision, dedup_hash, added_at, {names}) "
          f"VALUES (?, ?, ?, ?, {marks})", (article.id, revision, key, now(), *values))
        if article.url:
            q("INSERT INTO article_urls (url, article_id) VALUES (?, ?) ON CONFLICT (url) DO NOTHING",
              (article.url, article.id))

    def _article_values(self, article: Article) -> tuple[Any, ...]:
        scalars = tuple(getattr(article, name) for name in _SCALAR_COLUMNS)
        lists = tuple(self._encode_json(to_json(getattr(article, name))) for name in _JSON_COLUMNS)
        known = {"id", *_SCALAR_COLUMNS, *_JSON_COLUMNS}
        extra = {f.name: to_json(getattr(article, f.name))
                 for f in dataclasses.fields(Article) if f.name not in known}
        return (*scalars, *lists, self._encode_json(extra))

    def _article_from_row(self, row: Sequence[Any]) -> Article:
        hints = field_hints(Article)
        values = dict(zip(("id", *_ARTICLE_COLUMNS), row, strict=True))
        kwargs: dict[str, Any] = {name: values[name] for name in ("id", *_SCALAR_COLUMNS)}
        for name in _JSON_COLUMNS:
            kwargs[name] = from_json(self._decode_json(values[name]), hints[name])
        for name, value in (self._decode_json(values["extra"]) or {}).items():
            if name in hints:
                kwargs[name] = from_json(value, hints[name])
        return Article(**kwargs)

    def get_article(self, article_id: str, *, revision: int | None = None) -> Article | None:
        """The latest revision of an article (or revision ``revision``), or None."""
        with self._read() as q:
            rows = q(f"SELECT {_REVISION_SELECT} FROM articles a JOIN article_revisions r "
                     "ON r.article_id = a.id AND r.revision = COALESCE(?, a.latest_revision) "
                     "WHERE a.id = ?", (revision, article_id))
        return self._article_from_row(rows[0]) if rows else None

    def revisions(self, article_id: str) -> list[int]:
        """The revision numbers stored for an article, oldest first ([] when unknown)."""
        with self._read() as q:
            rows = q("SELECT revision FROM article_revisions WHERE article_id = ? ORDER BY revision",
                     (article_id,))
        return [row[0] for row in rows]

    def list_articles(self, *, query: str | None = None, outlet: str | None = None, story: str | None = None,
                      limit: int = 50, offset: int = 0, newest_first: bool = False) -> list[Article]:
        """Latest revisions of stored articles, oldest stored first (``newest_first``: the
        last stored first), or best match first when ``query`` is given. ``query`` is plain
        text: its words must all occur (any punctuation or search syntax in it is ignored).
        ``story`` keeps the articles assigned to that story (following merges) or whose
        input ``story`` label is it."""
        joins: list[str] = []
        wheres: list[str] = []
        params: list[Any] = []
        order_params: tuple[Any, ...]
        order, order_params = ("a.seq DESC" if newest_first else "a.seq"), ()
        if query is not None:
            terms = query_terms(query)
            if not terms:
                return []
            join, where, where_params, order, order_params = self._search(" ".join(terms))
            joins.append(join)
            wheres.append(where)
            params.extend(where_params)
        if outlet is not None:
            wheres.append("r.outlet = ?")
            params.append(outlet)
        with self._read() as q:
            if story is not None:
                resolved = self._resolve_story(q, story) or story
                wheres.append("(r.story = ? OR a.id IN (SELECT article_id FROM story_articles "
                              "WHERE story_id = ?))")
                params.extend([story, resolved])
            sql = (f"SELECT {_REVISION_SELECT} FROM articles a JOIN article_revisions r "
                   "ON r.article_id = a.id AND r.revision = a.latest_revision "
                   + " ".join(joins)
                   + (" WHERE " + " AND ".join(wheres) if wheres else "")
                   + f" ORDER BY {order} LIMIT ? OFFSET ?")
            rows = q(sql, (*params, *order_params, max(limit, 0), max(offset, 0)))
        return [self._article_from_row(row) for row in rows]

    def outlets(self) -> list[tuple[str, int]]:
        """Each outlet named by a stored article (latest revisions), with how many articles
        are from it: most first, then by name."""
        with self._read() as q:
            rows = q("SELECT r.outlet, COUNT(*) FROM articles a JOIN article_revisions r "
                     "ON r.article_id = a.id AND r.revision = a.latest_revision "
                     "WHERE r.outlet IS NOT NULL AND r.outlet <> '' GROUP BY r.outlet ORDER BY COUNT(*) DESC, r.outlet")
        return [(name, int(count)) for name, count in rows]

    def count_articles(self) -> int:
        """How many articles (not revisions) the store holds."""
        with self._read() as q:
            return q("SELECT COUNT(*) FROM articles")[0][0]

    # ----------------------------------------------------------------- failures

    def record_failure(self, failure: Failure) -> None:
        """Keep an ingest failure for audit; the same source and reason again only
        updates when it was last seen."""
        stamp = now()
        with self._write() as q:
            q("INSERT INTO failures (source, reason, first_seen, last_seen) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (source, reason) DO UPDATE SET last_seen = excluded.last_seen, "
              "times = failures.times + 1", (failure.source, failure.reason, stamp, stamp))

    def failures(self) -> list[Failure]:
        """Every recorded failure, first recorded first."""
        with self._read() as q:
            rows = q("SELECT source, reason FROM failures ORDER BY seq")
        return [Failure(source=source, reason=reason) for source, reason in rows]

    # ----------------------------------------------------------------- stories

    def save_story(self, story: Story, *, event: str = "updated", detail: dict[str, Any] | None = None) -> None:
        """Create or update a story: its title and exactly ``story.article_ids`` as members
        (in that order; an article in another story moves here, and that story gets an
        ``updated`` event with ``{"moved_to": story.id}``).

        Appends one event of kind ``event`` listing the articles that joined (all of them
        for a new story), with ``detail`` plus ``{"left": [...]}`` when members were
        dropped and ``{"title": ...}`` when an existing story was renamed. A new story's ``updated`` is recorded as ``created``, an existing story's
        ``created`` as ``updated``; saving a story unchanged (same title, members and no
        detail) writes nothing."""
        _check_kind(event)
        with self._write() as q:
            if self._merged_into(q, story.id):
                raise self._error(f"story {story.id} was merged into another story; save that one instead")
            stamp = now()
            old_title = q("SELECT title FROM stories WHERE id = ?", (story.id,))
            existed = bool(old_title)
            before = [row[0] for row in q("SELECT article_id FROM story_articles WHERE story_id = ? "
                                          "ORDER BY position", (story.id,))]
            wanted = list(dict.fromkeys(story.article_ids))
            if existed and old_title[0][0] == story.title and before == wanted and not detail:
                return
            q("INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at",
              (story.id, story.title, stamp, stamp))
            wanted_set, before_set = set(wanted), set(before)
            left = [article_id for article_id in before if article_id not in wanted_set]
            for article_id in left:
                q("DELETE FROM story_articles WHERE article_id = ?", (article_id,))
            joined = [article_id for article_id in wanted if article_id not in before_set]
            departures: dict[str, list[str]] = {}
            for article_id in joined:
                rows = q("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
                if rows:
                    departures.setdefault(rows[0][0], []).append(article_id)
            for position, article_id in enumerate(wanted):
                self._place(q, article_id, story.id, position)
            for other, moved in departures.items():
                self._left(q, other, moved, story.id, stamp)
            kind = event
            if not existed and event == "updated":
                kind = "created"
            elif existed and event == "created":
                kind = "updated"
            extra = dict(detail or {})
            if left:
                extra.setdefault("left", left)
            if existed and old_title[0][0] != story.title:
                extra.setdefault("title", story.title)
            self._event(q, story.id, kind, joined, extra, stamp)

    def assign(self, article_id: str, story_id: str) -> None:
        """Put an article in a story (following merges), moving it out of any other story
        (which gets an ``updated`` event); appends a ``joined`` event. An unknown story is
        created, with an empty title until ``save_story`` gives it one, and a ``created``
        event instead."""
        with self._write() as q:
            target = self._resolve_story(q, story_id)
            created = target is None
            if target is None:
                target = story_id
                q("INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, '', ?, ?)",
                  (target, now(), now()))
            current = q("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
            if current and current[0][0] == target:
                return
            position = q("SELECT COALESCE(MAX(position) + 1, 0) FROM story_articles WHERE story_id = ?",
                         (target,))[0][0]
            self._place(q, article_id, target, position)
            stamp = now()
            q("UPDATE stories SET updated_at = ? WHERE id = ?", (stamp, target))
            detail = {"from": current[0][0]} if current else {}
            self._event(q, target, "created" if created else "joined", [article_id], detail, stamp)
            if current:
                self._left(q, current[0][0], [article_id], target, stamp)

    def get_story(self, story_id: str) -> Story | None:
        """A story with its articles in order; an absorbed story's id gives the story it
        was merged into."""
        with self._read() as q:
            resolved = self._resolve_story(q, story_id)
            if resolved is None:
                return None
            title = q("SELECT title FROM stories WHERE id = ?", (resolved,))[0][0]
            members = q("SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position",
                        (resolved,))
        return Story(id=resolved, title=title, article_ids=tuple(row[0] for row in members))

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article belongs to, or None."""
        with self._read() as q:
            rows = q("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
        return rows[0][0] if rows else None

    def list_stories(self, *, limit: int = 100, offset: int = 0, sort: str = "updated",
                     ids: Sequence[str] | None = None) -> list[StoryRow]:
        """Live (not absorbed) stories, ordered by ``sort`` (one of ``STORY_SORTS``): most
        recently updated first (the default), most articles, most outlets, or latest
        publication date first (undated stories last); ties by story id. With ``ids``:
        those stories (absorbed ids resolved, each once), in that order, and ``sort``,
        ``limit`` and ``offset`` are not used."""
        if sort not in STORY_SORTS:
            raise ValueError(f"unknown story order {sort!r}: use one of {', '.join(STORY_SORTS)}")
        with self._read() as q:
            if ids is not None:
                wanted = list(dict.fromkeys(live for live in (self._resolve_story(q, i) for i in ids) if live))
                found = {row[0]: row for row in (q("SELECT id, title, updated_at FROM stories WHERE id IN "
                                                   f"({', '.join('?' for _ in wanted)})", tuple(wanted))
                                                 if wanted else [])}
                stories = [found[i] for i in wanted if i in found]
            elif sort == "updated":
                stories = q("SELECT id, title, updated_at FROM stories WHERE merged_into IS NULL "
                            "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?", (max(limit, 0), max(offset, 0)))
            else:
                stories = q("SELECT st.id, st.title, st.updated_at FROM stories st "
                            "LEFT JOIN story_articles s ON s.story_id = st.id "
                            "LEFT JOIN articles a ON a.id = s.article_id "
                            "LEFT JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.latest_revision "
                            "WHERE st.merged_into IS NULL GROUP BY st.id, st.title, st.updated_at "
                            f"ORDER BY {_STORY_ORDER[sort]}, st.id LIMIT ? OFFSET ?", (max(limit, 0), max(offset, 0)))
            digest: dict[str, list[tuple[str, str | None, str | None]]] = {row[0]: [] for row in stories}
            if stories:
                marks = ", ".join("?" for _ in stories)
                rows = q("SELECT s.story_id, s.article_id, r.outlet, r.published FROM story_articles s "
                         "LEFT JOIN articles a ON a.id = s.article_id "
                         "LEFT JOIN article_revisions r ON r.article_id = a.id "
                         "AND r.revision = a.latest_revision "
                         f"WHERE s.story_id IN ({marks})", tuple(digest))
                for story_id, article_id, outlet, published in rows:
                    digest[story_id].append((article_id, outlet, published))
        result = []
        for story_id, title, updated_at in stories:
            members = digest[story_id]
            dates = sorted(published for _, _, published in members if published)
            result.append(StoryRow(
                id=story_id, title=title, size=len(members),
                outlets=tuple(sorted({outlet for _, outlet, _ in members if outlet})),
                first_published=dates[0] if dates else None,
                last_published=dates[-1] if dates else None,
                updated_at=updated_at,
                unknown_outlets=sum(1 for _, outlet, _ in members if not outlet),
            ))
        return result

    def story_events(self, story_id: str) -> list[StoryEvent]:
        """The history of one story id, oldest first (an absorbed story keeps its own)."""
        with self._read() as q:
            rows = q("SELECT story_id, kind, at, article_ids, detail FROM story_events WHERE story_id = ? "
                     "ORDER BY seq", (story_id,))
        return [StoryEvent(story_id=sid, kind=kind, at=at, article_ids=tuple(self._decode_json(ids)),
                           detail=self._decode_json(detail)) for sid, kind, at, ids, detail in rows]

    def merge_stories(self, keep: str, absorb: str, *, detail: dict[str, Any] | None = None) -> Story:
        """Move every article of ``absorb`` into ``keep``. Both ids stay valid: ``absorb``
        now resolves to ``keep`` (in ``get_story``, ``assign`` and ``list_articles``).
        Both stories get a ``merged`` event (``detail`` added to its detail, e.g. who
        decided it), and the analysis kept for ``absorb`` is dropped. Returns the merged
        story."""
        with self._write() as q:
            kept, gone = self._resolve_story(q, keep), self._resolve_story(q, absorb)
            for wanted, resolved in ((keep, kept), (absorb, gone)):
                if resolved is None:
                    raise self._error(f"no story {wanted} to merge")
            assert kept is not None and gone is not None
            if kept == gone:
                raise self._error(f"stories {keep} and {absorb} are already one story ({kept})")
            moved = [row[0] for row in q("SELECT article_id FROM story_articles WHERE story_id = ? "
                                         "ORDER BY position", (gone,))]
            start = q("SELECT COALESCE(MAX(position) + 1, 0) FROM story_articles WHERE story_id = ?",
                      (kept,))[0][0]
            for offset, article_id in enumerate(moved):
                self._place(q, article_id, kept, start + offset)
            stamp = now()
            q("UPDATE stories SET merged_into = ?, updated_at = ? WHERE id = ? OR merged_into = ?",
              (kept, stamp, gone, gone))
            q("UPDATE stories SET updated_at = ? WHERE id = ?", (stamp, kept))
            q("DELETE FROM analyses WHERE story_id = ?", (gone,))  # its id now shows the merged story
            self._event(q, kept, "merged", moved, {"absorbed": gone, **(detail or {})}, stamp)
            self._event(q, gone, "merged", moved, {"into": kept, **(detail or {})}, stamp)
        story = self.get_story(kept)
        assert story is not None
        return story

    def split_story(self, story_id: str, article_ids: Sequence[str], new_id: str, *,
                    title: str | None = None, detail: dict[str, Any] | None = None) -> Story:
        """Move ``article_ids`` (members of ``story_id``) into a new story ``new_id`` (titled
        ``title``, by default the old story's title); the old story keeps its id and the
        rest. Both get a ``split`` event (``detail`` added to its detail). Returns the new story."""
        with self._write() as q:
            source = self._resolve_story(q, story_id)
            if source is None:
                raise self._error(f"no story {story_id} to split")
            if q("SELECT 1 FROM stories WHERE id = ?", (new_id,)):
                raise self._error(f"story {new_id} already exists: choose a new id for the split")
            members = {row[0] for row in q("SELECT article_id FROM story_articles WHERE story_id = ?",
                                           (source,))}
            moving = list(dict.fromkeys(article_ids))
            strangers = [article_id for article_id in moving if article_id not in members]
            if strangers or not moving:
                raise self._error(f"cannot split story {source}: articles {strangers or moving} "
                                  "are not among its members")
            stamp = now()
            old_title = q("SELECT title FROM stories WHERE id = ?", (source,))[0][0]
            q("INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
              (new_id, title if title is not None else old_title, stamp, stamp))
            for position, article_id in enumerate(moving):
                self._place(q, article_id, new_id, position)
            q("UPDATE stories SET updated_at = ? WHERE id = ?", (stamp, source))
            self._event(q, source, "split", moving, {"into": new_id, **(detail or {})}, stamp)
            self._event(q, new_id, "split", moving, {"from": source, **(detail or {})}, stamp)
        story = self.get_story(new_id)
        assert story is not None
        return story

    def _place(self, q: Query, article_id: str, story_id: str, position: int) -> None:
        q("INSERT INTO story_articles (article_id, story_id, position) VALUES (?, ?, ?) "
          "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, position = excluded.position",
          (article_id, story_id, position))

    def _left(self, q: Query, story_id: str, article_ids: list[str], to: str, stamp: str) -> None:
        """Record on ``story_id`` that ``article_ids`` moved to story ``to``."""
        q("UPDATE stories SET updated_at = ? WHERE id = ?", (stamp, story_id))
        self._event(q, story_id, "updated", article_ids, {"moved_to": to}, stamp)

    def _event(self, q: Query, story_id: str, kind: str, article_ids: Sequence[str], detail: dict[str, Any],
               stamp: str) -> None:
        q("INSERT INTO story_events (story_id, kind, at, article_ids, detail) VALUES (?, ?, ?, ?, ?)",
          (story_id, kind, stamp, self._encode_json(list(article_ids)), self._encode_json(detail)))

    def _merged_into(self, q: Query, story_id: str) -> str | None:
        rows = q("SELECT merged_into FROM stories WHERE id = ?", (story_id,))
        return rows[0][0] if rows else None

    def _resolve_story(self, q: Query, story_id: str) -> str | None:
        """The live story a story id stands for (itself, or what absorbed it), or None."""
        seen = set()
        current: str | None = story_id
        while current is not None and current not in seen:
            seen.add(current)
            rows = q("SELECT merged_into FROM stories WHERE id = ?", (current,))
            if not rows:
                return None
            if rows[0][0] is None:
                return current
            current = rows[0][0]
        return None

    # ----------------------------------------------------------------- state blobs

    def load_state(self, name: str) -> bytes | None:
        """The blob last saved under ``name``, or None."""
        with self._read() as q:
            rows = q("SELECT blob FROM state WHERE name = ?", (name,))
        return bytes(rows[0][0]) if rows else None

    def states(self, prefix: str) -> list[tuple[str, bytes]]:
        """Every blob saved under a name that starts with ``prefix``, by name."""
        with self._read() as q:
            rows = q("SELECT name, blob FROM state WHERE substr(name, 1, ?) = ? ORDER BY name",
                     (len(prefix), prefix))
        return [(name, bytes(blob)) for name, blob in rows]

    def save_state(self, name: str, blob: bytes) -> None:
        """Keep an opaque blob (e.g. the story clusterer's state) under ``name``."""
        with self._write() as q:
            q("INSERT INTO state (name, blob, updated_at) VALUES (?, ?, ?) "
              "ON CONFLICT (name) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at",
              (name, bytes(blob), now()))


    # ----------------------------------------------------------------- analyses

    def load_analysis(self, story_id: str) -> tuple[str, bytes] | None:
        """The key and body of the analysis last kept for ``story_id``, or None."""
        with self._read() as q:
            rows = q("SELECT key, body FROM analyses WHERE story_id = ?", (story_id,))
        return (rows[0][0], bytes(rows[0][1])) if rows else None

    def save_analysis(self, story_id: str, key: str, body: bytes) -> None:
        """Keep a story's analysis (opaque bytes) under ``key``, replacing the one kept
        for the story before: one analysis per story."""
        with self._write() as q:
            q("INSERT INTO analyses (story_id, key, body, saved_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (story_id) DO UPDATE SET key = excluded.key, body = excluded.body, "
              "saved_at = excluded.saved_at", (story_id, key, bytes(body), now()))

    # ----------------------------------------------------------------- embeddings

    def load_embeddings(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The vectors kept under ``keys`` (``save_embeddings``), by key; keys not kept are absent."""
        found: dict[str, bytes] = {}
        wanted = list(dict.fromkeys(keys))
        with self._read() as q:
            for start in range(0, len(wanted), _KEYS_PER_QUERY):
                chunk = wanted[start : start + _KEYS_PER_QUERY]
                marks = ", ".join("?" for _ in chunk)
                for key, vector in q(f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", tuple(chunk)):
                    found[key] = bytes(vector)
        return found

    def save_embeddings(self, vectors: dict[str, bytes]) -> None:
        """Keep each vector under its key (a hash of the model and the text embedded). A
        key kept already takes the new vector: the embedder saves only the vectors it could
        not read, new ones and ones kept damaged (of the wrong length)."""
        with self._write() as q:
            for key, vector in vectors.items():
                q("INSERT INTO embeddings (key, vector) VALUES (?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET vector = excluded.vector", (key, bytes(vector)))


def query_terms(text: str) -> list[str]:
    """The words of a user's search text; everything else (operators, quotes, ``*``,
    ``-``, parentheses) is dropped so no input can be read as search syntax."""
    return re.findall(r"\w+", text)


def _check_kind(kind: str) -> None:
    if kind not in STORY_EVENT_KINDS:
        raise ValueError(f"unknown story event {kind!r}: use one of {', '.join(STORY_EVENT_KINDS)}")
