"""The demo corpus (fictional articles written by the project, with hand-written ground
truth in demo/expectations.json): boilerplate lines removed, body lines kept, headings and
metadata found. A second, independent check on text the cleaner's rules were not written from."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.clean import clean_text


def _load(demo_corpus: Path) -> dict:
    return json.loads((demo_corpus.parent / "expectations.json").read_text(encoding="utf-8"))


def _words(text: str) -> str:
    return " ".join(text.split())


def test_clean_demo_boilerplate_removed_and_body_kept(demo_corpus: Path) -> None:
    expect = _load(demo_corpus)
    left, lost, total = [], [], 0
    for name, items in expect["boilerplate_lines"].items():
        raw = (demo_corpus / name).read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        lines = raw.split("\n")
        junk = {_words(item["text"]) for item in items}
        kept = set(cleaned.kept_lines)
        paragraphs = set(cleaned.body.split("\n\n"))
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            if _words(line) in junk:
                total += 1
                if number in kept:
                    left.append((name, number))
            elif number not in kept:
                lost.append((name, number))
            elif not any(_words(line).endswith(p) or p in _words(line) for p in paragraphs):
                lost.append((name, number))
    assert total >= 80
    assert left == []
    assert lost == []


def test_clean_demo_headings_and_metadata(demo_corpus: Path) -> None:
    expect = _load(demo_corpus)
    for name, headings in expect["headings"].items():
        cleaned = clean_text((demo_corpus / name).read_text(encoding="utf-8"))
        assert [cleaned.body[h.start : h.end] for h in cleaned.headings] == headings, name
    for name, fields in expect["metadata_in_text"].items():
        cleaned = clean_text((demo_corpus / name).read_text(encoding="utf-8"))
        assert cleaned.published == fields["published"], name
        assert list(cleaned.authors) == fields.get("authors", []), name
        assert cleaned.dateline == fields["dateline"], name
    for item in expect["inline_boilerplate"]:
        cleaned = clean_text((demo_corpus / item["file"]).read_text(encoding="utf-8"))
        assert item["text"] not in cleaned.body
        assert item["text"] in {r.text for r in cleaned.removed}
