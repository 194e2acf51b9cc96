"""Coverage on the demo corpus: both omissions planted in story A are reported."""

from __future__ import annotations

import json

import pytest

from newsprism.analyze import analyze_story, load_articles
from newsprism.records import Story

pytestmark = pytest.mark.slow


def test_coverage_reports_both_planted_omissions_of_demo_story_a(demo_corpus) -> None:
    expected = json.loads((demo_corpus.parent / "expectations.json").read_text(encoding="utf-8"))
    story_a = {a["id"] for a in expected["articles"] if a.get("story") == "A"}
    loaded = load_articles(
        [str(demo_corpus / "story-a"), str(demo_corpus / "records")], meta_file=demo_corpus / "meta.csv"
    )
    articles = [a for a in loaded.articles if a.id in story_a]
    assert {a.id for a in articles} == story_a
    analysis = analyze_story(Story("A", "", tuple(a.id for a in articles)), articles)
    coverage = analysis.coverage
    claims = {c.id: c for c in analysis.claims}
    outlet = {a.id: a.outlet for a in articles}

    omissions = {o["omitted_by_articles"][0]: o for o in expected["omissions"]}
    # the fact stated inside longer sentences elsewhere: a term the outlet never uses
    lantern = "lantern-ellison-fire"
    terms = {t.lower() for t in coverage.missing_terms[outlet[lantern]]}
    stated = {w.lower().strip(".") for w in omissions[lantern]["claim"].split()}
    assert terms & stated, terms
    for term in coverage.missing_terms[outlet[lantern]]:
        assert lantern not in coverage.term_articles[term]
    # the paragraph cut from the wire copy: a claim the other two copies carry
    coastal = "coastal-ellison-quay-fire"
    cut = [claims[cid] for cid in coverage.cut_from_copy.get(coastal, ())]
    assert any("third" in c.text and "North Quay" in c.text for c in cut)
    assert all(coastal not in c.articles for c in cut)
    # no other copy of the wire story lost anything
    assert set(coverage.cut_from_copy) == {coastal}
