"""Publication-date inference (no model) and the merged timeline (spaCy + embeddings).

Invented reports of a fictional lighthouse collapse; 2026-06-05 is a Friday."""

from __future__ import annotations

import pytest

from newsprism.compare.timeline import build_timeline, infer_publication_dates
from newsprism.records import Article


def _a(article_id: str, text: str, published: str | None = None, story: str | None = "s") -> Article:
    return Article(id=article_id, text=text, published=published, story=story)


# --------------------------------------------------------------------------- publication dates


def test_timeline_infer_keeps_known_dates_untouched() -> None:
    article = _a("a", "Text.", "2026-06-05")
    result, notes = infer_publication_dates([article])
    assert result == [article] and notes == []


def test_timeline_infer_from_own_text() -> None:
    article = _a("a", "Friday, June 5, 2026\n\nThe old lighthouse at Carrow Point fell into the sea.")
    sibling = _a("b", "The lighthouse fell.", "2026-06-07")
    (result, _), notes = infer_publication_dates([article, sibling])
    assert result.published == "2026-06-05"
    assert result.evidence[-1].field == "published"
    assert result.evidence[-1].source == "inferred from its text"
    assert notes == ["publication date of a inferred from its text (2026-06-05)"]


def test_timeline_infer_from_own_text_skips_an_update_stamp() -> None:
    article = _a("a", "Published: June 5, 2026\nEdited: June 9, 2026\n\nThe old lighthouse at Carrow Point fell.")
    (result,), _ = infer_publication_dates([article])
    assert result.published == "2026-06-05"
    only_update = _a("b", "Last updated June 9, 2026\n\nThe old lighthouse at Carrow Point fell.")
    (result,), _ = infer_publication_dates([only_update])
    assert result.published == "2026-06-09"


def test_timeline_infer_from_story_siblings() -> None:
    articles = [
        _a("a", "The lighthouse fell on Thursday."),
        _a("b", "x", "2026-06-05"), _a("c", "y", "2026-06-05"), _a("d", "z", "2026-06-04"),
        _a("e", "other story", "2025-01-01", story="t"),
    ]
    result, notes = infer_publication_dates(articles)
    assert result[0].published == "2026-06-05"
    assert result[0].evidence[-1].source == "inferred from the story"
    assert "publication date of a inferred from the story" in notes[0]
    assert result[1:] == articles[1:]


def test_timeline_infer_precision_drops_when_siblings_disagree() -> None:
    articles = [_a("a", "No date here."), _a("b", "x", "2026-06-01"), _a("c", "y", "2026-06-20")]
    result, _ = infer_publication_dates(articles)
    assert result[0].published == "2026-06"


def test_timeline_infer_unknown_is_reported() -> None:
    result, notes = infer_publication_dates([_a("a", "No date at all.")])
    assert result[0].published is None
    assert "unknown" in notes[0]


# --------------------------------------------------------------------------- timeline


def _timeline(articles: list[Article]):
    """The timeline of ``articles``; every mention it keeps must be their text at its offsets."""
    from newsprism.language.parse import parse_articles

    timeline = build_timeline(articles, parse_articles(articles))
    by_id = {a.id: a for a in articles}
    for entry in timeline:
        for mention in entry.mentions:
            assert by_id[mention.article].text[mention.start:mention.end] == mention.text
    return timeline


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


@pytest.mark.slow
def test_timeline_build_resolves_merges_and_sorts() -> None:
    articles = [
        _a("a", _paragraphs("The old lighthouse at Carrow Point collapsed into the sea on Thursday, the coastguard said.",
                            "The lighthouse had stood on the headland for 140 years.",
                            "Engineers warned in March that the cliff beneath it was eroding."), "2026-06-05"),
        _a("b", _paragraphs("Carrow Point's lighthouse collapsed into the sea on Thursday after a storm.",
                            "The coastguard closed the coastal path on Friday."), "2026-06-05"),
    ]
    timeline = _timeline(articles)
    dates = [entry.date for entry in timeline]
    assert dates == sorted(dates)
    assert "2026-03" in dates  # "in March" in a June article: this year's March
    collapse = [e for e in timeline if e.date == "2026-06-04"]
    assert len(collapse) == 1 and set(collapse[0].articles) == {"a", "b"}
    assert collapse[0].precision == "day"
    friday = [e for e in timeline if e.date == "2026-06-05"]
    assert friday and friday[0].articles == ("b",)
    for entry in timeline:
        assert entry.precision in {"day", "month", "year"}
        assert "140 years" not in entry.text or entry.date != "2026"  # a duration is no date
    assert not any("140" in m.text for e in timeline for m in e.mentions)


@pytest.mark.slow
def test_timeline_build_future_events_and_no_date() -> None:
    articles = [
        _a("a", "The harbour board is due to publish its report on Wednesday.", "2026-06-05"),
        _a("b", "The board will publish its report on Wednesday.", None),
    ]
    timeline = _timeline(articles)
    assert [e.date for e in timeline] == ["2026-06-10"]
    assert timeline[0].articles == ("a",)


@pytest.mark.slow
def test_timeline_events_read_as_sentences_not_fragments() -> None:
    ferry = _paragraphs("The ferry, which ran aground near Carrow Point on Tuesday, was towed to the harbour.",
                        "The harbour board said the crossing is expected to reopen on Monday with fewer sailings.",
                        "Divers were sent down after the crew reported a leak on Wednesday.")
    timeline = _timeline([_a("a", ferry, "2026-06-05")])  # mentions keep the article's own text and offsets
    text = {entry.date: entry.text for entry in timeline}
    assert text["2026-06-02"].startswith("The ferry, which ran aground")  # the noun the clause describes
    assert "was towed" not in text["2026-06-02"]  # not the main clause's event, dated otherwise
    assert text["2026-06-08"].startswith("The crossing is expected to reopen on Monday")  # not "to reopen ..."
    assert text["2026-06-03"].startswith("The crew reported a leak")  # "after" left out, capitalised
