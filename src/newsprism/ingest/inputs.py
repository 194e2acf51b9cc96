"""Files, folders, JSON records and standard input -> raw documents (or failures)."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from newsprism.errors import FetchError, InputError, InputTooLargeError, MalformedInputError, NewsprismError
from newsprism.ingest.decode import decode_bytes
from newsprism.ingest.meta import TEXT_ALIASES, MetaIndex, load_meta, record_meta
from newsprism.ingest.robots import Courtesy
from newsprism.records import Failure, RawDocument

# Cap on one input file (or one fetched page). The largest AllSides article file is under
# 100 KB and a big news page with inline scripts is 1-3 MB; a 20 MB cap keeps a stray
# archive or dump from being read into memory while leaving JSONL batches of a few
# thousand articles well inside it.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
RECORD_SUFFIXES = frozenset({".json", ".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES

_SUPPORTED = ", ".join(sorted(SUFFIXES))

Item = RawDocument | Failure


def read_inputs(
    inputs: Sequence[str],
    *,
    meta_file: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | None = None,
    allow_private: bool = False,
    courtesy: Courtesy | None = None,
) -> Iterator[RawDocument | Failure]:
    """Read every input, yielding one ``RawDocument`` per article or one ``Failure``.

    An input is a file (``.txt .md .html .htm .json .jsonl``), a folder (read recursively
    in sorted order; hidden entries and other file types are skipped), ``-`` for JSON
    Lines on ``stdin``, or an ``http(s)`` URL (fetched as a page; private addresses are
    refused unless ``allow_private``). A bad input, or a bad line of a JSON Lines input,
    becomes a ``Failure`` and the rest is read. ``meta_file`` (CSV or JSONL) adds outlet,
    url, title, published and authors by path or id. URLs are paced by ``courtesy`` (one
    request per host every second by default; robots.txt is not read: they were asked for).
    """
    if isinstance(inputs, str):  # one input given bare, not in a list
        inputs = [inputs]
    pacing: Courtesy | None = None
    meta: MetaIndex | None = None
    if meta_file is not None:
        try:
            meta = load_meta(meta_file)
        except NewsprismError as error:
            yield Failure(str(meta_file), str(error))
    for given in inputs:
        if given == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes, meta)
        elif given.lower().startswith(("http://", "https://")):
            pacing = pacing or courtesy or Courtesy()
            yield _read_url(given, max_bytes=max_bytes, allow_private=allow_private, courtesy=pacing)
        else:
            yield from _read_path(Path(given), given, max_bytes, meta)


def _read_url(url: str, *, max_bytes: int, allow_private: bool, courtesy: Courtesy) -> Item:
    from newsprism.ingest.web import fetch_url

    try:
        courtesy.pace(url)
        return fetch_url(url, allow_private=allow_private, max_bytes=max_bytes)
    except NewsprismError as error:
        if isinstance(error, FetchError):
            courtesy.refused(url, error)
        return Failure(url, str(error))


def _read_path(path: Path, given: str, max_bytes: int, meta: MetaIndex | None) -> Iterator[Item]:
    if path.is_dir():
        for file in _walk(path):
            if isinstance(file, Failure):
                yield file
            else:
                yield from _read_file(file, str(file), max_bytes, meta)
    elif not path.exists():
        yield Failure(given, str(InputError("No such file or folder: check the path.", source=given)))
    elif path.suffix.lower() not in SUFFIXES:
        reason = InputError(f"Its type '{path.suffix or '(none)'}' is not supported: pass one of {_SUPPORTED}.",
                            source=given)
        yield Failure(given, str(reason))
    else:
        yield from _read_file(path, given, max_bytes, meta)


def _walk(folder: Path, seen: set[Path] | None = None) -> Iterator[Path | Failure]:
    """Supported files under ``folder``, recursively and sorted; hidden entries skipped.

    A sub-folder that cannot be listed is a ``Failure``, and so is an entry with a supported
    suffix that is not a readable file (a broken symbolic link, a pipe); a folder reached
    again through a symbolic link is skipped.
    """
    seen = set() if seen is None else seen
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        reason = InputError(f"The folder cannot be listed ({error.strerror or error}): check its permissions.",
                            source=str(folder))
        yield Failure(str(folder), str(reason))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in SUFFIXES:
            if entry.is_file():
                yield entry
            elif not entry.exists():
                reason = InputError("It is a broken symbolic link: fix or remove it.", source=str(entry))
                yield Failure(str(entry), str(reason))
            else:
                reason = InputError("It is not a regular file (a pipe, socket or device): pass a file.",
                                    source=str(entry))
                yield Failure(str(entry), str(reason))


def _read_file(path: Path, source: str, max_bytes: int, meta: MetaIndex | None) -> Iterator[Item]:
    try:
        data = _read_bytes(path, source, max_bytes)
        decoded = decode_bytes(data, source=source)
    except NewsprismError as error:
        yield Failure(source, str(error))
        return
    base: dict[str, Any] = {"source_path": source}
    if decoded.encoding:
        base["decoded_from"] = decoded.encoding
    suffix = path.suffix.lower()
    if suffix in RECORD_SUFFIXES:
        records = _jsonl_records(decoded.text, source, path.stem) if suffix == ".jsonl" else _json_records(decoded.text, source)
        for where, record, default_id in records:
            if isinstance(record, Failure):
                yield record
                continue
            document = _record_document(record, where, default_id or path.stem, base, meta)
            if meta is not None and where == source:  # a .json file of one record: its path counts too
                document.meta.update(meta.lookup(path=path, given=source))
                document.meta.update(meta.lookup(id=document.meta["id"]))
            yield document
        return
    document_meta = dict(base, id=path.stem)
    if meta is not None:
        document_meta.update(meta.lookup(path=path, given=source, id=path.stem))
    if suffix in HTML_SUFFIXES:
        yield RawDocument(source, html=decoded.text, meta=document_meta)
    else:
        yield RawDocument(source, text=decoded.text, meta=document_meta)


def _read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            # opening a pipe would wait for a writer forever
            raise InputError("It is not a regular file (a pipe, socket or device): pass a file.", source=source)
        if status.st_size > max_bytes:
            raise InputTooLargeError(source=source, limit=max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except IsADirectoryError as error:
        raise InputError("It is a folder that cannot be listed: check its permissions.", source=source) from error
    except PermissionError as error:
        raise InputError("Permission denied: make the file readable.", source=source) from error
    except FileNotFoundError as error:
        raise InputError("No such file or folder: check the path.", source=source) from error
    except OSError as error:
        raise InputError(f"{error.strerror or error}: check the file.", source=source) from error
    if len(data) > max_bytes:
        raise InputTooLargeError(source=source, limit=max_bytes)
    return data


RecordRow = tuple[str, "dict[str, Any] | Failure", "str | None"]


def _jsonl_records(text: str, source: str, stem: str) -> Iterator[RecordRow]:
    """``(source:LINE, record or Failure, default id)`` for each non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        yield where, _parse_record(line, where, "that line"), f"{stem}-{number}"


def _json_records(text: str, source: str) -> Iterator[RecordRow]:
    """A ``.json`` file: one record, or a list of records."""
    value = _loads(text)
    if isinstance(value, _BadJSON):
        yield source, Failure(source, str(MalformedInputError("Fix the file.", source=source, problem=value.problem))), None
        return
    if value == []:
        problem = "it holds an empty list: no article records"
        yield source, Failure(source, str(MalformedInputError("Fix the file.", source=source, problem=problem))), None
        return
    if isinstance(value, list):
        stem = Path(source).stem
        for index, record in enumerate(value, start=1):
            where = f"{source}[{index}]"
            yield where, _checked_record(record, where, "that item"), f"{stem}-{index}"
    else:
        yield source, _checked_record(value, source, "the file"), None


class _BadJSON:
    """Why a JSON text could not be read."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def _loads(text: str, *, one_line: bool = False) -> Any:
    """The JSON value of ``text``, or a ``_BadJSON`` saying what is wrong with it."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"column {error.colno}" if one_line else f"line {error.lineno}, column {error.colno}"
        return _BadJSON(f"invalid JSON at {where} ({error.msg})")
    except RecursionError:
        return _BadJSON("the JSON is nested too deeply to be an article record")
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        return _BadJSON(f"a value cannot be read ({' '.join(str(error).split())[:120]})")


def _parse_record(line: str, where: str, what: str) -> dict[str, Any] | Failure:
    value = _loads(line, one_line=True)
    if isinstance(value, _BadJSON):
        return Failure(where, str(MalformedInputError(f"Fix {what}; the others are read.", source=where,
                                                      problem=value.problem)))
    return _checked_record(value, where, what)


def _checked_record(value: Any, where: str, what: str) -> dict[str, Any] | Failure:
    if not isinstance(value, dict):
        problem = f"expected a JSON object (an article record), found {type(value).__name__}"
        return Failure(where, str(MalformedInputError(f"Fix {what}.", source=where, problem=problem)))
    has_body = any(isinstance(value.get(name), str) and value[name].strip() for name in (*TEXT_ALIASES, "html"))
    if not has_body:
        present = [name for name in (*TEXT_ALIASES, "html") if name in value]
        problem = (f'its "{present[0]}" is empty' if present and isinstance(value[present[0]], str)
                   else f'its "{present[0]}" is not a string' if present
                   else 'the record has no "text" or "html"')
        return Failure(where, str(MalformedInputError(f"Give each article its text or page in {what}.", source=where,
                                                      problem=problem)))
    return value


def _record_document(record: dict[str, Any], where: str, default_id: str, base: dict[str, Any],
                     meta: MetaIndex | None) -> RawDocument:
    document_meta = dict(base)
    document_meta.update(record_meta(record))
    document_meta.setdefault("id", default_id)
    if meta is not None:
        document_meta.update(meta.lookup(id=document_meta["id"]))
    html = record.get("html")
    if isinstance(html, str) and html.strip():
        return RawDocument(where, html=html, meta=document_meta)
    text = next(record[name] for name in TEXT_ALIASES if isinstance(record.get(name), str) and record[name].strip())
    return RawDocument(where, text=text, meta=document_meta)


def _read_stdin(stream: TextIO, max_bytes: int, meta: MetaIndex | None) -> Iterator[Item]:
    """JSON Lines on standard input; the real stdin is read as bytes and decoded like a file."""
    source = "<stdin>"
    buffer = getattr(stream, "buffer", None)
    try:
        raw = buffer.read(max_bytes + 1) if buffer is not None else stream.read(max_bytes + 1)
    except (OSError, UnicodeDecodeError) as error:
        reason = InputError(f"Reading standard input failed ({error}): pipe UTF-8 JSON Lines.", source=source)
        yield Failure(source, str(reason))
        return
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        yield Failure(source, str(InputTooLargeError(source=source, limit=max_bytes)))
        return
    if not data.strip():
        yield Failure(source, str(InputError("Nothing arrived on standard input: pipe JSON Lines, one article a line.",
                                             source=source)))
        return
    try:
        text = raw if isinstance(raw, str) else decode_bytes(data, source=source).text
    except NewsprismError as error:
        yield Failure(source, str(error))
        return
    for where, record, default_id in _jsonl_records(text, source, "stdin"):
        if isinstance(record, Failure):
            yield record
        else:
            yield _record_document(record, where, default_id or "stdin", {"source_path": source}, meta)
