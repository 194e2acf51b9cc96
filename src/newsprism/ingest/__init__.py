"""Ingest: files, folders, JSON records, standard input, pages and feeds -> raw documents.

Every input yields a ``RawDocument`` or, when it cannot be read, a ``Failure`` with a
one-line reason; a bad input never stops the others.
"""

from __future__ import annotations

from newsprism.ingest.decode import Decoded, decode_bytes
from newsprism.ingest.feeds import FeedPoll, FeedRead, FeedState, read_feed, read_feed_list
from newsprism.ingest.inputs import DEFAULT_MAX_BYTES, SUFFIXES, read_inputs
from newsprism.ingest.meta import MetaIndex, load_meta, record_meta, split_authors
from newsprism.ingest.robots import DEFAULT_HOST_DELAY, Courtesy
from newsprism.ingest.web import (
    DEFAULT_FETCH_MAX_BYTES,
    DEFAULT_TIMEOUT,
    USER_AGENT,
    check_url,
    fetch_url,
)

__all__ = [
    "DEFAULT_FETCH_MAX_BYTES",
    "DEFAULT_HOST_DELAY",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "SUFFIXES",
    "USER_AGENT",
    "Courtesy",
    "Decoded",
    "FeedPoll",
    "FeedRead",
    "FeedState",
    "MetaIndex",
    "check_url",
    "decode_bytes",
    "fetch_url",
    "load_meta",
    "read_feed",
    "read_feed_list",
    "read_inputs",
    "record_meta",
    "split_authors",
]
