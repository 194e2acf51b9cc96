"""Reading files, folders, JSON records, standard input and metadata side files."""

from __future__ import annotations

import io
import json
import os
import socket
import tempfile
from pathlib import Path

import pytest

from newsprism.ingest import read_inputs
from newsprism.records import Failure, RawDocument

ARTICLE = "Lanterns lit the river at Osterby on Friday as the town marked its founding.\n\nThe mayor spoke."
PAGE = "<html><head><title>Osterby</title></head><body><p>Lanterns lit the river.</p></body></html>"


def _read(*inputs: str, **options: object) -> list[RawDocument | Failure]:
    return list(read_inputs(list(inputs), **options))  # type: ignore[arg-type]


def _docs(items: list[RawDocument | Failure]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def _failures(items: list[RawDocument | Failure]) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


def test_ingest_text_file_gives_text_with_stem_id(tmp_path: Path) -> None:
    path = tmp_path / "osterby-lanterns.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = _read(str(path))
    assert isinstance(doc, RawDocument)
    assert doc.text == ARTICLE and doc.html is None
    assert doc.meta["id"] == "osterby-lanterns"
    assert doc.meta["source_path"] == str(path)
    assert "decoded_from" not in doc.meta


def test_ingest_html_and_markdown_files(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Osterby\n\n" + ARTICLE, encoding="utf-8")
    page, notes = _read(str(tmp_path / "page.htm"), str(tmp_path / "notes.md"))
    assert isinstance(page, RawDocument) and page.html == PAGE and page.text is None
    assert isinstance(notes, RawDocument) and notes.text is not None and notes.text.startswith("# Osterby")


def test_ingest_folder_is_recursive_sorted_and_skips_hidden_and_other_types(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "zeta.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "alpha.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0binary")
    (tmp_path / ".draft.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(ARTICLE, encoding="utf-8")
    items = _read(str(tmp_path))
    assert not _failures(items)
    assert [doc.meta["id"] for doc in _docs(items)] == ["alpha", "zeta"]


def test_ingest_unknown_extension_named_explicitly_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    [failure] = _read(str(path))
    assert isinstance(failure, Failure)
    assert failure.source == str(path)
    assert ".csv" in failure.reason and ".txt" in failure.reason


def test_ingest_jsonl_records_and_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": ARTICLE, "outlet": "Osterby Post", "authors": "Ann Lee; Bo Kim"}),
        "{not json",
        "",
        json.dumps({"html": PAGE, "title": "Lanterns", "published": "2026-05-01"}),
        json.dumps({"title": "no body here"}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "blank body", "text": "  \n"}),
        json.dumps({"title": "numeric body", "content": 42}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(str(path))
    assert len(items) == 7
    first, bad, page, nobody, notobject, blank, numeric = items
    assert isinstance(first, RawDocument) and first.text == ARTICLE and first.source == f"{path}:1"
    assert first.meta["id"] == "r1" and first.meta["outlet"] == "Osterby Post"
    assert first.meta["authors"] == ["Ann Lee", "Bo Kim"]
    assert isinstance(bad, Failure) and bad.source == f"{path}:2" and "invalid JSON" in bad.reason
    assert isinstance(page, RawDocument) and page.html == PAGE and page.meta["id"] == "batch-4"
    assert page.meta["published"] == "2026-05-01"
    assert isinstance(nobody, Failure) and nobody.source == f"{path}:5" and '"text" or "html"' in nobody.reason
    assert isinstance(notobject, Failure) and "JSON object" in notobject.reason
    assert isinstance(blank, Failure) and 'its "text" is empty' in blank.reason
    assert isinstance(numeric, Failure) and 'its "content" is not a string' in numeric.reason


def test_ingest_json_single_record_and_list(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": ARTICLE, "authors": ["Ann Lee"], "url": "https://osterby.example/a"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": "x", "text": ARTICLE}, {"text": "  "}, {"text": ARTICLE + " More."}]))
    one, x, empty, third = _read(str(single), str(many))
    assert isinstance(one, RawDocument) and one.meta["id"] == "one" and one.meta["authors"] == ["Ann Lee"]
    assert isinstance(x, RawDocument) and x.meta["id"] == "x"
    assert isinstance(empty, Failure) and empty.source == f"{many}[2]"
    assert isinstance(third, RawDocument) and third.meta["id"] == "many-3"


def test_ingest_dataset_field_aliases(tmp_path: Path) -> None:
    record = {"ID": "abc", "content_original": ARTICLE, "source": "Osterby Post", "date": "2026-05-01",
              "authors": "Ann Lee, Bo Kim", "title": "Lanterns"}
    path = tmp_path / "abc.json"
    path.write_text(json.dumps(record))
    [doc] = _read(str(path))
    assert isinstance(doc, RawDocument) and doc.text == ARTICLE
    assert doc.meta["id"] == "abc" and doc.meta["outlet"] == "Osterby Post"
    assert doc.meta["published"] == "2026-05-01" and doc.meta["authors"] == ["Ann Lee", "Bo Kim"]


def test_ingest_stdin_json_lines() -> None:
    stream = io.StringIO(json.dumps({"text": ARTICLE}) + "\nnot json\n" + json.dumps({"id": "s", "text": ARTICLE}))
    first, bad, named = _read("-", stdin=stream)
    assert isinstance(first, RawDocument) and first.source == "<stdin>:1" and first.meta["id"] == "stdin-1"
    assert isinstance(bad, Failure) and bad.source == "<stdin>:2"
    assert isinstance(named, RawDocument) and named.meta["id"] == "s"


def test_ingest_empty_stdin_is_a_failure() -> None:
    [failure] = _read("-", stdin=io.StringIO("   \n"))
    assert isinstance(failure, Failure) and "standard input" in failure.reason


def test_ingest_meta_csv_by_relative_path_and_id(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE + " Second.", encoding="utf-8")
    (folder / "c.txt").write_text(ARTICLE + " Third.", encoding="utf-8")
    meta = folder / "meta.csv"
    meta.write_text(
        "path,id,outlet,url,title,published,authors\n"
        "sub/a.txt,,Osterby Post,https://osterby.example/a,Lanterns,2026-05-01,Ann Lee; Bo Kim\n"
        ",b,River Weekly,,,2026-05-02,\"Cy Dunn, Di Fox\"\n",
        encoding="utf-8",
    )
    docs = {doc.meta["id"]: doc for doc in _docs(_read(str(folder), meta_file=meta))}
    assert set(docs) == {"a", "b", "c"}
    assert docs["a"].meta["outlet"] == "Osterby Post" and docs["a"].meta["authors"] == ["Ann Lee", "Bo Kim"]
    assert docs["a"].meta["url"] == "https://osterby.example/a" and docs["a"].meta["published"] == "2026-05-01"
    assert docs["b"].meta["outlet"] == "River Weekly" and docs["b"].meta["authors"] == ["Cy Dunn", "Di Fox"]
    assert "outlet" not in docs["c"].meta


def test_ingest_meta_jsonl_matches_record_ids_and_overrides(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "r1", "text": ARTICLE, "outlet": "Wrong Name"}) + "\n")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"id": "r1", "outlet": "Osterby Post", "authors": ["Ann Lee"]}) + "\n")
    [doc] = _read(str(batch), meta_file=meta)
    assert isinstance(doc, RawDocument)
    assert doc.meta["outlet"] == "Osterby Post" and doc.meta["authors"] == ["Ann Lee"]


def test_ingest_bad_meta_file_is_a_failure_and_inputs_proceed(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("outlet,url\nX,Y\n", encoding="utf-8")
    failure, doc = _read(str(article), meta_file=meta)
    assert isinstance(failure, Failure) and "path" in failure.reason
    assert isinstance(doc, RawDocument)
    missing = _read(str(article), meta_file=tmp_path / "absent.csv")
    assert isinstance(missing[0], Failure) and "--meta" in missing[0].reason
    assert isinstance(missing[1], RawDocument)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("nul.txt", b"Lanterns\x00\x00lit\x00the river", "3 NUL byte(s)"),
        ("nul-binary.txt", b"\x00\x01\x02\x03" * 40, "binary"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)), "binary"),
        ("controls.txt", bytes(range(1, 9)) * 20 + b"a few words", "binary"),
        ("broken.json", b'{"text": "unterminated', "malformed"),
    ],
)
def test_ingest_bad_input_kinds_fail_with_one_line(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    items = _read(str(bad), str(good))
    assert isinstance(items[0], Failure) and isinstance(items[1], RawDocument)
    assert items[0].source == str(bad)
    assert words in items[0].reason and "\n" not in items[0].reason


def test_ingest_over_cap_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 50, encoding="utf-8")
    [failure] = _read(str(path), max_bytes=1000)
    assert isinstance(failure, Failure) and "1000 byte cap" in failure.reason
    [doc] = _read(str(path), max_bytes=100_000)
    assert isinstance(doc, RawDocument)


def test_ingest_missing_path_is_a_failure(tmp_path: Path) -> None:
    [failure] = _read(str(tmp_path / "nowhere.txt"))
    assert isinstance(failure, Failure) and "No such file" in failure.reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_ingest_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    try:
        [failure] = _read(str(path))
    finally:
        path.chmod(0o644)
    assert isinstance(failure, Failure) and "Permission" in failure.reason


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_ingest_path_that_cannot_be_opened_is_a_failure() -> None:
    # A socket file cannot be opened even by root; a short folder keeps the socket path legal.
    folder = Path(tempfile.mkdtemp(prefix="np-"))
    path = folder / "feed.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        items = _read(str(path))
        listed = _read(str(folder))
    finally:
        server.close()
        path.unlink(missing_ok=True)
        folder.rmdir()
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert "not a regular file" in items[0].reason and "\n" not in items[0].reason
    # in a folder it is reported too, not skipped: it has a supported name
    assert len(listed) == 1 and isinstance(listed[0], Failure) and "not a regular file" in listed[0].reason


def test_ingest_folder_named_like_a_file_is_listed(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.txt"
    folder.mkdir()
    (folder / "inner.txt").write_text(ARTICLE, encoding="utf-8")
    [doc] = _read(str(folder))
    assert isinstance(doc, RawDocument) and doc.meta["id"] == "inner"


def test_ingest_mis_encoded_file_is_redecoded_and_recorded(tmp_path: Path) -> None:
    text = "Café owners in Osterby said the façade of the old théâtre would be restored by señora Núñez."
    path = tmp_path / "latin.txt"
    path.write_bytes((text * 3).encode("cp1252"))
    [doc] = _read(str(path))
    assert isinstance(doc, RawDocument)
    assert doc.text == text * 3
    assert doc.meta["decoded_from"]


def test_ingest_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    [doc] = _read(str(path))
    assert isinstance(doc, RawDocument) and doc.text == ARTICLE and doc.meta["decoded_from"] == "utf-16"


def test_ingest_stdin_bytes_are_decoded_like_a_file() -> None:
    raw = (json.dumps({"text": "Señora Núñez opened the café."}, ensure_ascii=False) + "\n").encode("cp1252")
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    [doc] = _read("-", stdin=stream)
    assert isinstance(doc, RawDocument) and doc.text == "Señora Núñez opened the café."
    binary = io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02garbage"), encoding="utf-8")
    [failure] = _read("-", stdin=binary)
    assert isinstance(failure, Failure) and "binary" in failure.reason


def test_ingest_meta_csv_matches_single_record_json_by_path(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": ARTICLE}), encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,outlet\none.json,Osterby Post\n", encoding="utf-8")
    [doc] = _read(str(tmp_path / "one.json"), meta_file=meta)
    assert isinstance(doc, RawDocument) and doc.meta["outlet"] == "Osterby Post"


def test_ingest_folder_symlink_loop_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "again").symlink_to(tmp_path, target_is_directory=True)
    items = _read(str(tmp_path))
    assert [doc.meta["id"] for doc in _docs(items)] == ["story"] and not _failures(items)


def test_ingest_deeply_nested_json_is_a_failure(tmp_path: Path) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.json").write_text(nested, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text(nested + "\n" + json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    whole, line, good = _read(str(tmp_path / "deep.json"), str(tmp_path / "deep.jsonl"))
    assert isinstance(whole, Failure) and "nested too deeply" in whole.reason
    assert isinstance(line, Failure) and line.source.endswith("deep.jsonl:1")
    assert isinstance(good, RawDocument)
