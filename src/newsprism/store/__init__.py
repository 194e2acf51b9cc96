"""The article store: SQLite by default (one file), PostgreSQL for a shared server.

``open_store()`` opens (and creates or migrates) a store; with ``create=False`` (the
commands that read or edit an archive) it refuses a SQLite file that does not exist, so a
mistyped path does not become a new, empty archive. Both backends have the same methods
(``Store`` in ``base.py``) and every method is one transaction, so an interrupted ingest
leaves the store consistent and re-running it completes it (already stored articles come
back as ``duplicate``).

Identity and revisions (``Store.add_article``): an article is identified by its URL, or
by its id when it has no URL. The same content again (``content_hash``, or title + text
when that is empty) is a ``duplicate``, also under another id from the same outlet; other
content for a known identity is a new ``revision`` (older ones stay retrievable). A new
article whose id is taken by another URL gets a unique id derived from its content: the
returned ``AddResult.article_id`` is the id to use with the store (stories included).

Schema (``migrations/`` for SQLite, ``migrations_pg/`` for PostgreSQL; numbered files
applied in order, each recorded in ``schema_version``):

``articles``
    One row per article identity: ``seq`` (integer key, also the FTS rowid), ``id``
    (unique), ``latest_revision``, ``first_seen``, ``updated_at``.
``article_revisions``
    Every stored version, keyed by (``article_id``, ``revision``): each ``Article`` field
    in its own column; ``authors``, ``headings``, ``removed`` and ``evidence`` as JSON
    lists; ``extra`` a JSON object for Article fields added after the schema; and
    ``dedup_hash`` (``content_hash``, or a hash of title and text when that is empty).
``article_urls``
    Every URL an article was seen at -> its id: a changed page at a known URL becomes a
    new revision of the same article.
``articles_fts`` (SQLite)
    FTS5 index (porter stemming, diacritics folded) of title and text of each article's
    latest revision, written in the same transaction; bm25 ranking, title weighted 4x.
    In PostgreSQL a generated ``tsvector`` column ``article_revisions.search`` with a GIN
    index plays this part (ranked with ``ts_rank_cd``).
``failures``
    Ingest failures kept for audit (source, reason, first/last seen, times).
``stories``, ``story_articles``, ``story_events``
    Stories (id, title, ``merged_into`` when absorbed by another story), which story each
    article belongs to (at most one, in order), and each story's history: ``created``,
    ``joined``, ``merged``, ``split`` or ``updated`` with a timestamp, the articles
    concerned and a JSON detail.
``state``
    Opaque named blobs, e.g. the incremental clusterer's state.
``embeddings``
    The clusterer's article vectors under a hash of the model and the text embedded.
``analyses``
    Each story's last analysis (``show``, ``stories --html``) under a hash of everything
    it read, so an unchanged story is not analysed again.

Timestamps are ISO 8601 UTC strings. SQLite runs with the WAL journal (readers never
wait for a writer), foreign keys on and a busy timeout.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from newsprism.errors import StoreError
from newsprism.store.base import STORY_EVENT_KINDS, STORY_SORTS, AddResult, Store, StoryEvent, StoryRow

DEFAULT_DB = "newsprism.db"
DB_ENV = "NEWSPRISM_DB"
_PG_SCHEMES = ("postgresql://", "postgres://")


# Any scheme://: a URL, never meant as a file name (a Windows drive letter is one letter).
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


class NoArchiveError(StoreError):
    """No archive at {location}{origin}: create one with `newsprism ingest INPUT...{option}`."""


def open_store(location: str | Path | None = None, *, create: bool = True) -> Store:
    """Open the store at ``location``: None means ``$NEWSPRISM_DB`` or ``newsprism.db`` in
    the current folder; a ``postgresql://`` URL a PostgreSQL database (needs the
    ``postgres`` extra); anything else a SQLite file (``:memory:`` for a throwaway one).
    The schema is created or migrated on opening. With ``create=False`` a SQLite file that
    does not exist is refused (``NoArchiveError``) instead of becoming a new, empty store."""
    origin, option = "", ""
    if location is None:
        location = os.environ.get(DB_ENV) or DEFAULT_DB
        origin = (f" (named by ${DB_ENV})" if os.environ.get(DB_ENV)
                  else f" (the default, in this folder; --db or ${DB_ENV} name another)")
    text = str(location)
    if text.startswith(_PG_SCHEMES):
        from newsprism.store.postgres import PostgresStore

        return PostgresStore(text)
    from newsprism.store.postgres import _redact
    from newsprism.store.sqlite import MEMORY, SQLiteStore

    if _URL.match(text):
        raise StoreError(f"Cannot open the article store {_redact(text)}: only SQLite file paths and "
                         "postgresql:// URLs are supported.")
    if not create and text != MEMORY and not Path(text).exists():
        if not origin:
            option = f" --db {shlex.quote(text)}"
        raise NoArchiveError(location=text, origin=origin, option=option)
    return SQLiteStore(location)


__all__ = [
    "DB_ENV",
    "DEFAULT_DB",
    "NoArchiveError",
    "STORY_EVENT_KINDS",
    "STORY_SORTS",
    "AddResult",
    "Store",
    "StoryEvent",
    "StoryRow",
    "open_store",
]
