"""HTML pages: trafilatura body + metadata, htmldate date, then the news line cleaning."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.clean import clean_document, clean_html
from newsprism.errors import CleanError, EmptyInputError
from newsprism.records import RawDocument

PAGE = (Path(__file__).parent / "data" / "cleaning" / "harbor_bridge.html").read_text(encoding="utf-8")
URL = "https://www.coastline-herald.example/news/bridge"


def test_clean_html_body_and_metadata() -> None:
    cleaned = clean_html(PAGE, url=URL)
    assert cleaned.title == "Harbor bridge in Port Ellis reopens after two-year repair"
    assert cleaned.published == "2024-03-04"
    assert cleaned.authors == ("Tessa Marlow",)
    assert cleaned.outlet == "Coastline Herald"  # the site, not the wire in the dateline
    assert cleaned.dateline == "PORT ELLIS"
    assert cleaned.body.startswith("The Tidewater Bridge reopened")
    for chrome in ("Home", "Skip to Content", "Advertisement", "Sign up", "All rights reserved", "Share this"):
        assert chrome not in cleaned.body
    assert [cleaned.body[h.start : h.end] for h in cleaned.headings] == ["Why It Matters"]
    sources = {(e.field, e.source) for e in cleaned.evidence}
    assert ("published", "htmldate") in sources and ("title", "html metadata") in sources
    assert len([e for e in cleaned.evidence if e.field == "outlet"]) == 1


def test_clean_html_document_uses_html_when_given() -> None:
    article = clean_document(RawDocument(source=URL, html=PAGE, meta={"url": URL}))
    assert article.url == URL
    assert article.outlet == "Coastline Herald"
    assert article.language == "en"
    assert article.id.startswith("a") and len(article.id) == 13


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>bold <i>text about the Valmora harbor budget vote on Monday.",
        "<p>The council met on Monday.<p>It approved the budget for the harbor.</div></span>",
        "<<<>>> <p>>>The ferry left at dawn and returned at noon, the operator said.</p",
        "<html><head><title>x</title></head><body><script>var a = '<p>';</script>"
        "<p>Valmora's ferry service resumed on Tuesday after the storm passed.</p></body></html>",
    ],
)
def test_clean_html_malformed_never_crashes(html: str) -> None:
    try:
        cleaned = clean_html(html)
    except CleanError:
        return
    assert "<" not in cleaned.body or cleaned.body.count("<") < 4
    assert "var a" not in cleaned.body


def test_clean_html_without_text_is_empty_input() -> None:
    with pytest.raises((EmptyInputError, CleanError)):
        clean_document(RawDocument(source="empty.html", html="<html><body><nav>Home</nav></body></html>"))


_TAGS = ["<p>", "</p>", "<div>", "</div>", "<br/>", "<h2>", "</h2>", "<script>", "</script>", "<<", ">", "<a href='x'>",
         "</a>", "<!--", "-->", "<figcaption>", "</figcaption>", "&amp;", "&#x2019;", "<i>", "</i>"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_TAGS), st.text(max_size=60)), max_size=30))
def test_clean_html_arbitrary_markup_gives_result_or_clean_error(parts: list[str]) -> None:
    html = "".join(parts)
    try:
        cleaned = clean_html(html)
    except CleanError:
        return
    for span in cleaned.headings:
        assert cleaned.body[span.start : span.end] in cleaned.body.split("\n\n")


@pytest.mark.parametrize("label", ["Published On", "Last updated:", "Posted at"])
def test_clean_html_a_date_label_whose_date_was_markup_leaves_the_body(label: str) -> None:
    """The extraction drops a ``<time>`` element and leaves its label on a line of its own:
    the label goes with the date, and the date still comes from the page."""
    page = (
        "<html><head><title>Ferry pier reopens in Wexcombe</title></head><body><article>"
        "<h1>Ferry pier reopens in Wexcombe</h1>"
        f'<p class="dateline">{label} <time datetime="2026-04-14">14 Apr 2026</time></p>'
        "<p>The ferry pier in the fictional town of Wexcombe reopened on Tuesday after a month of repairs "
        "to its pilings, and the first boat of the morning left on time.</p>"
        "<p>Harbour staff said the new timber would last at least thirty years.</p>"
        "</article></body></html>"
    )
    cleaned = clean_html(page)
    assert cleaned.body.startswith("The ferry pier in the fictional town of Wexcombe reopened")
    assert ("date", label) in {(r.reason, r.text) for r in cleaned.removed}
    assert cleaned.published == "2026-04-14"
