"""Tense from context (resolve_at, is_future_context) and finding expressions in a Doc."""

from __future__ import annotations

import pytest

from newsprism.language.dates import (
    find_temporal_expressions,
    is_future_context,
    resolve_at,
    resolve_date,
)

TUESDAY = "2026-03-03"


@pytest.mark.parametrize(
    ("before", "future"),
    [
        ("The minister is expected to report to parliament on", True),
        ("Engineers were due to arrive on", True),
        ("Residents could return home, possibly by", True),
        ("Shops will stay closed until", True),
        ("The minister said on", False),
        ("She said she would go, the mayor told reporters on", False),  # reporting verb after marker
        ("The fire broke out late on", False),
    ],
)
def test_dates_future_context(before: str, future: bool) -> None:
    assert is_future_context(before) is future


def test_dates_resolve_at_uses_the_sentence() -> None:
    text = "The fire began on Monday. The report is due on Thursday. Crews left on Thursday."
    due = text.index("Thursday")
    left = text.rindex("Thursday")
    assert resolve_at(text, due, due + 8, published=TUESDAY).date == "2026-03-05"
    assert resolve_at(text, left, left + 8, published=TUESDAY).date == "2026-02-26"
    monday = text.index("Monday")
    assert resolve_at(text, monday, monday + 6, published=TUESDAY).date == "2026-03-02"


def test_dates_prefer_future_weekday_and_month() -> None:
    assert resolve_date("Tuesday", published=TUESDAY, prefer_future=True).date == TUESDAY
    assert resolve_date("Friday", published=TUESDAY, prefer_future=True).date == "2026-03-06"
    assert resolve_date("in May", published=TUESDAY, prefer_future=True).date == "2026-05"
    assert resolve_date("in May", published=TUESDAY).date == "2025-05"
    # "last" wins over a future context
    assert resolve_date("last Friday", published=TUESDAY, prefer_future=True).date == "2026-02-27"


def test_dates_early_hours_and_at_least() -> None:
    assert resolve_date("in the early hours of Tuesday", published=TUESDAY).date == TUESDAY
    assert resolve_date("at least Wednesday", published=TUESDAY, prefer_future=True).date == "2026-03-04"


@pytest.mark.slow
def test_dates_find_expressions_in_doc() -> None:
    from newsprism.language.models import spacy_pipeline

    text = (
        "The pier reopened on Friday after repairs that took 18 months. "
        '"We start again on Monday," the harbour master said yesterday. '
        "The pier, built 120 years ago, closed for five years during the war."
    )
    doc = spacy_pipeline()(text)
    found = find_temporal_expressions(doc)
    texts = [t for _, _, t in found]
    assert all(text[s:e] == t for s, e, t in found)
    assert any("Friday" in t for t in texts)
    assert any("Monday" in t for t in texts)  # inside a quotation
    assert any("yesterday" in t for t in texts)
    assert not any("18 months" in t or "five years" in t for t in texts)  # durations
    assert [s for s, _, _ in found] == sorted(s for s, _, _ in found)
