"""The bundled demo corpus reads as its hand-written expectations say."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.ingest import read_inputs
from newsprism.records import Failure, RawDocument


def _expectations(demo_corpus: Path) -> dict:
    return json.loads((demo_corpus.parent / "expectations.json").read_text(encoding="utf-8"))


def test_ingest_demo_corpus_reads_every_article_and_reports_the_broken_file(demo_corpus: Path) -> None:
    expected = _expectations(demo_corpus)
    items = list(read_inputs([str(demo_corpus)], meta_file=demo_corpus / "meta.csv"))
    documents = [item for item in items if isinstance(item, RawDocument)]
    failures = [item for item in items if isinstance(item, Failure)]
    assert sorted(doc.meta["id"] for doc in documents) == sorted(a["id"] for a in expected["articles"])
    assert [Path(failure.source).name for failure in failures] == ["garbled.txt"]
    assert "binary" in failures[0].reason
    by_id = {doc.meta["id"]: doc for doc in documents}
    for article in expected["articles"]:
        doc = by_id[article["id"]]
        if "outlet" in doc.meta:
            assert doc.meta["outlet"] == article["outlet"]
        if "published" in doc.meta:
            assert doc.meta["published"][:10] == article["published"]
    covered = {Path(path).stem for path in expected["meta_csv_covers"]}
    assert all("outlet" in by_id[stem].meta and "authors" in by_id[stem].meta for stem in covered)


def test_ingest_demo_expectations_point_at_real_lines(demo_corpus: Path) -> None:
    expected = _expectations(demo_corpus)
    txt_files = sorted(path.relative_to(demo_corpus).as_posix() for path in demo_corpus.rglob("*.txt")
                       if path.parent.name != "broken")
    assert sorted(expected["boilerplate_lines"]) == txt_files
    for name, lines in expected["boilerplate_lines"].items():
        raw = (demo_corpus / name).read_text(encoding="utf-8").split("\n")
        for entry in lines:
            assert raw[entry["line"]] == entry["text"]


def test_ingest_demo_expectations_quote_and_date_wordings_are_in_the_inputs(demo_corpus: Path) -> None:
    expected = _expectations(demo_corpus)
    raw = {doc.meta["id"]: doc.text or doc.html or "" for doc in read_inputs([str(demo_corpus)])
           if isinstance(doc, RawDocument)}
    for quote in expected["quotes"]:
        for mention in quote["mentions"]:
            assert mention["text"] in raw[mention["article"]], mention
    for fact in expected["timeline"]:
        assert fact["expression"] in raw[fact["article"]], fact
    for variant in expected["name_variants"]:
        for article, spelling in variant.get("by_article", {}).items():
            assert spelling in raw[article]
