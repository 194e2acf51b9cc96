"""Any bytes in any supported file give a document or a failure, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.ingest import read_inputs
from newsprism.records import Failure, RawDocument

SUFFIXES = (".txt", ".md", ".html", ".json", ".jsonl")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_ingest_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_inputs([str(path)], max_bytes=1500))
    assert items, "every input yields at least one item"
    for item in items:
        assert isinstance(item, (RawDocument, Failure))
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason
        else:
            body = item.text if item.text is not None else item.html
            assert body and body.strip()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.one_of(st.dictionaries(st.sampled_from(["id", "text", "html", "title", "authors",
                                                                     "published", "outlet"]),
                                                   st.one_of(st.text(max_size=30), st.integers(), st.none(),
                                                             st.lists(st.text(max_size=5), max_size=3))),
                                  st.integers(), st.text(max_size=10)), max_size=6))
def test_ingest_arbitrary_json_records_never_raise(tmp_path: Path, records: list[object]) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    items = list(read_inputs([str(path)]))
    for item in items:
        assert isinstance(item, (RawDocument, Failure))
        if isinstance(item, RawDocument):
            assert isinstance(item.meta["id"], str) and item.meta["id"]
            assert all(isinstance(author, str) for author in item.meta.get("authors", []))
