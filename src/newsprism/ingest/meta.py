"""Metadata side files (``--meta FILE``) and the metadata fields of article records."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newsprism.errors import InputError, MalformedInputError
from newsprism.ingest.decode import decode_bytes

# The contract's metadata fields, kept from records and side files.
META_FIELDS = ("id", "title", "outlet", "url", "authors", "published", "story")

# Other names common scrapers and datasets use for the same fields (the AllSides/newspaper3k
# export, for instance, writes ``content_original``, ``source``, ``date`` and ``ID``).
# The first name present wins.
TEXT_ALIASES = ("text", "content_original", "body", "content", "article")
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ID", "article_id"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "site_name"),
    "url": ("url", "link"),
    "authors": ("authors", "author", "byline"),
    "published": ("published", "date", "publish_date", "published_at", "datetime"),
    "story": ("story",),
}


class MetaIndex:
    """Metadata from a side file, looked up by path or by article id.

    A row's ``path`` is relative to the side file's folder (or as given on the command line,
    or absolute); its ``id`` matches the article id. Values given here override the
    metadata an input carries itself: the side file is the user's explicit correction.
    """

    def __init__(self, rows: Mapping[str, dict[str, Any]], folder: Path) -> None:
        self._rows = dict(rows)
        self._folder = folder

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, *, path: Path | None = None, given: str | None = None, id: str | None = None) -> dict[str, Any]:
        """The side file's metadata for an input, or ``{}``."""
        keys: list[str] = []
        if given:
            keys.append(Path(given).as_posix())
        if path is not None:
            resolved = path.resolve()
            keys.append(resolved.as_posix())
            try:
                keys.append(resolved.relative_to(self._folder).as_posix())
            except ValueError:
                pass
        if id:
            keys.append(f"id:{id}")
        for key in keys:
            if key in self._rows:
                return dict(self._rows[key])
        return {}


def load_meta(meta_file: str | Path) -> MetaIndex:
    """Read a CSV (header row) or JSON Lines side file of ``path``/``id`` -> metadata.

    Raises ``InputError`` (or ``MalformedInputError``) with the file and line at fault.
    """
    path = Path(meta_file)
    source = str(meta_file)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"The metadata file cannot be opened ({error.strerror or error}): check --meta.",
                         source=source) from error
    text = decode_bytes(data, source=source).text
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        records = _jsonl_rows(text, source)
    else:
        records = _csv_rows(text, source)
    folder = path.resolve().parent
    rows: dict[str, dict[str, Any]] = {}
    for where, record in records:
        fields = record_meta(record)
        key_path = str(record.get("path") or "").strip()
        if not key_path and not fields.get("id"):
            raise MalformedInputError("Give each row a path or an id.", source=where, problem="the row has neither")
        if key_path:
            given = Path(key_path)
            rows[given.as_posix()] = fields
            rows[(given if given.is_absolute() else folder / given).resolve().as_posix()] = fields
        if fields.get("id"):
            rows[f"id:{fields['id']}"] = fields
    return MetaIndex(rows, folder)


def record_meta(record: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's metadata fields of a record, under their contract names.

    Empty values are dropped; ``authors`` becomes a list (a string is split on ``;``, or on
    ``,`` when there is no ``;``). A number is read as its text; a value of another type
    (a list, an object without a name, true/false, NaN) is left out and listed under
    ``ignored`` (field -> the value as written) so the cleaner can say so.
    """
    meta: dict[str, Any] = {}
    ignored: dict[str, str] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            value = record.get(alias)
            if isinstance(value, dict) and name in ("outlet", "authors"):
                value = value.get("name") or value.get("title") or value
            if value not in (None, "", []):
                meta[name] = value
                break
    if "authors" in meta:
        authors = split_authors(meta["authors"])
        if authors:
            meta["authors"] = authors
        else:
            ignored["authors"] = _shown(meta.pop("authors"))
    for name in ("id", "title", "outlet", "url", "published", "story"):
        if name in meta:
            text = _text_value(meta[name])
            if text is None:
                ignored[name] = _shown(meta.pop(name))
            else:
                meta[name] = text
    if ignored:
        meta["ignored"] = ignored
    return meta


def _text_value(value: Any) -> str | None:
    """A field's value as text: strings as they are, finite numbers written out, else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    return None


def _shown(value: Any) -> str:
    """A value of the wrong type as a short line, for the evidence."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        text = str(value)
    return " ".join(text.split())[:80]


def split_authors(value: Any) -> list[str]:
    """``"A; B"``, ``"A, B"`` or ``["A", "B"]`` -> ``["A", "B"]``."""
    if isinstance(value, str):
        separator = ";" if ";" in value else ","
        parts: list[Any] = value.split(separator)
    elif isinstance(value, (list, tuple)):
        parts = [item.get("name", "") if isinstance(item, dict) else item for item in value]
    else:
        parts = [value]
    # names are text: numbers, lists and objects without a name are not names
    return [part.strip() for part in parts if isinstance(part, str) and part.strip()]


def _csv_rows(text: str, source: str) -> list[tuple[str, dict[str, Any]]]:
    # strict: an unterminated quote is an error, not a field that swallows the rows after it
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        if "path" not in header and "id" not in header:
            raise MalformedInputError("Add a header row naming the columns, e.g. path,outlet,url,title,published,authors.",
                                      source=source, problem="the CSV header has no 'path' or 'id' column")
        rows = []
        for row in reader:
            if None in row:  # more fields than the header names
                raise MalformedInputError("Quote fields that hold commas.", source=f"{source}:{reader.line_num}",
                                          problem="the row has more fields than the header")
            rows.append((f"{source}:{reader.line_num}",
                         {(key or "").strip(): (value or "").strip() for key, value in row.items()}))
        return rows
    except csv.Error as error:
        raise MalformedInputError("Fix the quoting of that row of the metadata file.",
                                  source=f"{source}:{reader.line_num}", problem=f"invalid CSV ({error})") from error


def _jsonl_rows(text: str, source: str) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            problem = f"invalid JSON ({error.msg})" if isinstance(error, json.JSONDecodeError) else "nested too deeply"
            raise MalformedInputError("Fix that line of the metadata file.", source=where, problem=problem) from error
        if not isinstance(record, dict):
            raise MalformedInputError("Each line must be a JSON object.", source=where, problem="not an object")
        rows.append((where, record))
    return rows
