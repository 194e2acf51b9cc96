"""Every rule of newsprism.language.dates.resolve_date (publication 2025-09-05 is a Friday)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.language.dates import ResolvedDate, resolve_date

FRIDAY = "2025-09-05"


def _r(expression: str, published: str | None = FRIDAY, **kw: str) -> tuple[str, str] | None:
    result = resolve_date(expression, published=published, **kw)
    return None if result is None else (result.date, result.precision)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Thursday", "2025-09-04"),  # the day before a Friday article
        ("on Thursday", "2025-09-04"),
        ("Wednesday", "2025-09-03"),
        ("Saturday", "2025-08-30"),  # the most recent Saturday, never the coming one
        ("on Friday", "2025-09-05"),  # same weekday as publication: that very day
        ("Friday's", "2025-09-05"),
        ("Thursday night", "2025-09-04"),
        ("last Friday", "2025-08-29"),  # "last" forces a week back
        ("last Thursday", "2025-09-04"),
        ("next Friday", "2025-09-12"),
        ("next Monday", "2025-09-08"),
    ],
)
def test_dates_weekday_rules(expression: str, expected: str) -> None:
    assert _r(expression) == (expected, "day")


def test_dates_weekday_depends_on_publication_weekday() -> None:
    # The same word moves with the publication date: in a Monday article Friday is 3 days back.
    assert _r("Friday", "2025-09-08") == ("2025-09-05", "day")
    assert _r("Monday", "2025-09-08") == ("2025-09-08", "day")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("today", ("2025-09-05", "day")),
        ("this morning", ("2025-09-05", "day")),
        ("tonight", ("2025-09-05", "day")),
        ("yesterday", ("2025-09-04", "day")),
        ("last night", ("2025-09-04", "day")),
        ("tomorrow", ("2025-09-06", "day")),
        ("two days ago", ("2025-09-03", "day")),
        ("a day after", ("2025-09-04", "day")),
        ("the day before", ("2025-09-04", "day")),
    ],
)
def test_dates_relative_days(expression: str, expected: tuple[str, str]) -> None:
    assert _r(expression) == expected


def test_dates_day_after_uses_reference() -> None:
    assert _r("a day after", reference="2025-09-02") == ("2025-09-01", "day")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("last month", ("2025-08", "month")),
        ("Last month", ("2025-08", "month")),
        ("this month", ("2025-09", "month")),
        ("next month", ("2025-10", "month")),
        ("last year", ("2024", "year")),
        ("this year", ("2025", "year")),
        ("next year", ("2026", "year")),
        ("earlier this week", ("2025-09", "month")),  # Monday 1 Sept is in September
        ("this week", ("2025-09", "month")),
        ("last week", ("2025", "year")),  # Monday 25 Aug: the span crosses a month
        ("three years ago", ("2022", "year")),
    ],
)
def test_dates_relative_periods(expression: str, expected: tuple[str, str]) -> None:
    assert _r(expression) == expected


def test_dates_last_month_across_new_year() -> None:
    assert _r("last month", "2025-01-10") == ("2024-12", "month")


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("in June", FRIDAY, "2025-06"),
        ("June", FRIDAY, "2025-06"),
        ("in September", FRIDAY, "2025-09"),  # the publication month itself
        ("Last September", FRIDAY, "2024-09"),  # strictly before the publication month
        ("last June", FRIDAY, "2025-06"),
        ("in December", FRIDAY, "2024-12"),  # a later month name is last year's
        ("next June", FRIDAY, "2026-06"),
        ("next December", FRIDAY, "2025-12"),
        ("in June", "2025-09", "2025-06"),  # month-precision publication still works
    ],
)
def test_dates_month_names(expression: str, published: str, expected: str) -> None:
    assert _r(expression, published) == (expected, "month")


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("August 15", FRIDAY, "2025-08-15"),
        ("Aug. 15", FRIDAY, "2025-08-15"),
        ("15 August", FRIDAY, "2025-08-15"),
        ("on July 14", FRIDAY, "2025-07-14"),
        ("October 1", FRIDAY, "2025-10-01"),  # nearest: 26 days ahead, not 11 months back
        ("December 30", "2025-01-04", "2024-12-30"),  # missing year across new year
        ("January 3", "2024-12-28", "2025-01-03"),
    ],
)
def test_dates_day_month_without_year(expression: str, published: str, expected: str) -> None:
    assert _r(expression, published) == (expected, "day")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("September 5, 2025", ("2025-09-05", "day")),
        ("Friday, September 5, 2025", ("2025-09-05", "day")),
        ("Sept. 5, 2025", ("2025-09-05", "day")),
        ("5 Sep 2025", ("2025-09-05", "day")),
        ("5th September 2025", ("2025-09-05", "day")),
        ("2025-09-05", ("2025-09-05", "day")),
        ("9/5/2025", ("2025-09-05", "day")),
        ("February 2022", ("2022-02", "month")),
        ("2025-09", ("2025-09", "month")),
        ("in 2022", ("2022", "year")),
    ],
)
def test_dates_explicit_forms_need_no_publication(expression: str, expected: tuple[str, str]) -> None:
    assert _r(expression, None) == expected
    assert _r(expression, FRIDAY) == expected


@pytest.mark.parametrize("expression", ["Thursday", "yesterday", "last month", "in June", "August 15"])
def test_dates_relative_without_publication_is_none(expression: str) -> None:
    assert _r(expression, None) is None


@pytest.mark.parametrize(
    "expression",
    ["for 30 years", "70 years", "50-day", "a year", "five years", "the end of", "between 2014-2022",
     "February 30, 2025", "recently"],
)
def test_dates_durations_and_nonsense_are_none(expression: str) -> None:
    assert _r(expression) is None


def test_dates_result_is_frozen_record() -> None:
    result = resolve_date("Thursday", published=FRIDAY)
    assert isinstance(result, ResolvedDate)
    with pytest.raises(AttributeError):
        result.date = "x"  # type: ignore[misc]


@given(st.text(max_size=40), st.sampled_from([None, FRIDAY, "2025-09", "2025", "bad", ""]))
@settings(max_examples=300, deadline=None)
def test_dates_never_raise_and_shape_is_valid(expression: str, published: str | None) -> None:
    result = resolve_date(expression, published=published)
    if result is not None:
        assert result.precision in {"day", "month", "year"}
        assert len(result.date) == {"day": 10, "month": 7, "year": 4}[result.precision]
