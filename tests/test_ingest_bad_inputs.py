"""Bad inputs found by a sweep of the command line: each gets a clear failure or note, none
a traceback, none is dropped silently."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest
from rich.console import Console

from newsprism.analyze import clean_one, load_articles
from newsprism.clean import clean_document
from newsprism.clean.document import MAX_ARTICLE_CHARS
from newsprism.errors import ArticleTooLongError
from newsprism.ingest import read_inputs
from newsprism.records import Article, Failure, RawDocument
from newsprism.render.terminal import print_articles

ARTICLE = (
    "PORT ELLIS — The harbour board voted on Monday to reopen the north quay after a month of repairs, "
    "its chair said.\n\nShips will berth there again from June, the board said."
)


def _read(*inputs: str, meta: str | None = None) -> list[RawDocument | Failure]:
    return list(read_inputs(list(inputs), meta_file=meta))


def test_a_json_number_too_long_to_convert_fails_that_record_only(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    big = "9" * 5000
    batch.write_text(f'{{"id": "a", "text": "{ARTICLE[:60]}", "title": {big}}}\n'
                     + json.dumps({"id": "b", "text": ARTICLE}) + "\n", encoding="utf-8")
    one = tmp_path / "one.json"
    one.write_text(f'{{"text": "{ARTICLE[:60]}", "title": {big}}}', encoding="utf-8")
    bad, good = _read(str(batch))
    assert isinstance(bad, Failure) and bad.source.endswith("batch.jsonl:1") and "cannot be read" in bad.reason
    assert isinstance(good, RawDocument) and good.meta["id"] == "b"
    [whole] = _read(str(one))
    assert isinstance(whole, Failure) and "cannot be read" in whole.reason


def test_an_empty_json_list_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    path.write_text("[]", encoding="utf-8")
    [item] = _read(str(path))
    assert isinstance(item, Failure) and "empty list" in item.reason


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "live.txt"
    os.mkfifo(pipe)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    results: dict[str, list[RawDocument | Failure]] = {}

    def read_both() -> None:
        results["direct"] = _read(str(pipe))
        results["listed"] = _read(str(tmp_path))

    reader = threading.Thread(target=read_both, daemon=True)
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # the read waits for a writer: open the pipe's other end to free it
        with open(pipe, "wb"):
            pass
        pytest.fail("reading a pipe waited for a writer")
    direct, listed = results["direct"], results["listed"]
    assert len(direct) == 1 and isinstance(direct[0], Failure) and "not a regular file" in direct[0].reason
    assert [type(item) for item in listed] == [RawDocument, Failure]
    assert listed[1].source == str(pipe)


def test_a_broken_link_in_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    items = _read(str(tmp_path))
    failures = [item for item in items if isinstance(item, Failure)]
    assert len(items) == 2 and len(failures) == 1
    assert failures[0].source.endswith("gone.txt") and "broken symbolic link" in failures[0].reason


def test_a_meta_file_with_an_unterminated_quote_is_reported(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text('path,outlet,title\nother.txt,"Kestrel Post,Quay\ngood.txt,Harbour Wire,Quay reopens\n',
                    encoding="utf-8")
    items = _read(str(good), meta=str(meta))
    failures = [item for item in items if isinstance(item, Failure)]
    assert len(failures) == 1 and failures[0].source == str(meta)
    assert "invalid CSV" in failures[0].reason and "meta.csv:" in failures[0].reason
    # a row with more fields than the header is named too
    meta.write_text("path,outlet\ngood.txt,Harbour Wire,extra\n", encoding="utf-8")
    failures = [item for item in _read(str(good), meta=str(meta)) if isinstance(item, Failure)]
    assert len(failures) == 1 and "more fields than the header" in failures[0].reason


def test_fields_of_the_wrong_type_are_left_out_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    record = {"id": ["list", "id"], "text": ARTICLE, "title": float("nan"), "outlet": 42,
              "authors": {"role": "editor"}, "published": True}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [doc] = _read(str(path))
    assert isinstance(doc, RawDocument)
    assert doc.meta["id"] == "batch-1" and doc.meta["outlet"] == "42"
    assert set(doc.meta["ignored"]) == {"id", "title", "authors", "published"}
    article = clean_document(doc)
    ignored = {e.field: e.value for e in article.evidence if e.source == "given, not text: ignored"}
    assert ignored["id"] == '["list", "id"]' and ignored["title"] == "NaN"
    assert article.title != "nan" and article.authors == () and article.outlet == "42"


def test_control_characters_never_reach_the_article_or_the_terminal() -> None:
    raw = RawDocument("hostile.jsonl:1", text="The quay \x1b[2Jreopened\x07 on Monday, \x9b31mthe board said today.",
                      meta={"id": "h", "title": "Quay \x1b]0;pwned\x07reopens", "outlet": "Kestrel\x1b[5m Post"})
    article = clean_document(raw)
    for value in (article.text, article.title, article.outlet):
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f for c in value)
    assert "reopened on Monday" in article.text
    # text stored before this check (an older archive) is cleaned where it is printed
    stored = Article(id="old\x1b[31m", text="Ships berth again.", source="x", title="Old \x1b[2Jtitle",
                     outlet="Harbour\x1b]8;;http://evil.example\x07 Wire")
    out = io.StringIO()
    print_articles([stored], console=Console(file=out, width=200, color_system=None))
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "Old [2Jtitle" in out.getvalue()


def test_a_text_too_long_for_one_article_is_refused_and_the_others_kept() -> None:
    paragraph = "The harbour board met again on Monday and voted on the quay, its chair said. "
    long_text = (paragraph * (MAX_ARTICLE_CHARS // len(paragraph) + 50)).strip()
    with pytest.raises(ArticleTooLongError, match="split it into its articles"):
        clean_document(RawDocument("dump.txt", text=long_text))
    failure = clean_one(RawDocument("dump.txt", text=long_text))
    assert isinstance(failure, Failure) and "limit is 200,000" in failure.reason
    assert isinstance(clean_one(RawDocument("good.txt", text=ARTICLE)), Article)


@pytest.mark.parametrize(
    "raw",
    [
        RawDocument("page.html", html="<html><head><title>Only a head</title></head><body></body></html>"),
        RawDocument("js.html", html="<html><body><noscript>Enable JavaScript</noscript><script>x()</script></body></html>"),
        RawDocument("signin.txt", text="Sign In"),
    ],
)
def test_a_page_with_no_article_is_refused(raw: RawDocument) -> None:
    failure = clean_one(raw)
    assert isinstance(failure, Failure) and "\n" not in failure.reason
    assert "holds no article" in failure.reason or "empty" in failure.reason


def test_the_article_says_when_its_file_was_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes((ARTICLE.replace("—", "-") + " The quay café reopened too.").encode("cp1252"))
    [doc] = _read(str(path))
    article = clean_document(doc)
    assert ("encoding", "cp1252") in {(e.field, e.value) for e in article.evidence}
    assert "café" in article.text


def test_two_inputs_with_one_id_keep_both_and_the_rename_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "quay", "text": ARTICLE, "outlet": "Kestrel Post"}) + "\n"
                    + json.dumps({"id": "quay", "text": ARTICLE.replace("June", "July"), "outlet": "Harbour Wire"}) + "\n",
                    encoding="utf-8")
    loaded = load_articles([str(path)])
    assert [a.id for a in loaded.articles] == ["quay", "quay-2"] and not loaded.failures
    assert not any(e.field == "id" for e in loaded.articles[0].evidence)
    [note] = [e for e in loaded.articles[1].evidence if e.field == "id"]
    assert note.value == "quay-2" and "earlier input has the id quay" in note.source


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    article = clean_one(RawDocument("odd.jsonl:1", text=ARTICLE.replace("Monday", "Monday \ud800"),
                                    meta={"id": "odd", "title": "Quay \udc00 reopens"}))
    assert isinstance(article, Article)
    assert "Monday \ufffd" in article.text and article.title == "Quay \ufffd reopens"
