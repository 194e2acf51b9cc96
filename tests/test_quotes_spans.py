"""Finding quotations in text: marks, nesting, paragraphs (no model needed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.compare.quotes import _in_any, _Spans, find_quote_spans


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quote_spans(text)]


def test_quotes_spans_exclude_marks_and_trailing_comma() -> None:
    text = "“The ferry runs at dawn,” the captain said. She added: “Bring a coat.”"
    assert _quoted(text) == ["The ferry runs at dawn", "Bring a coat."]


def test_quotes_spans_straight_marks() -> None:
    text = 'The mayor called it "a fine day for the harbour" and left.'
    assert _quoted(text) == ["a fine day for the harbour"]


def test_quotes_spans_keep_nested_single_quotes_inside() -> None:
    text = "“He told me, ‘Wait for the tide,’ and I waited,” Orla Venn said."
    assert _quoted(text) == ["He told me, ‘Wait for the tide,’ and I waited"]


def test_quotes_spans_continue_into_next_paragraph_opening_with_a_mark() -> None:
    text = "“The first part ends here.\n\n“The second part ends there,” she said.\n\nNo quote here."
    quotes = _quoted(text)
    assert len(quotes) == 1
    assert quotes[0].startswith("The first part") and quotes[0].endswith("ends there")


def test_quotes_spans_unclosed_quote_stops_at_paragraph_end() -> None:
    text = "“The lock was broken all week\n\nThe council met on Tuesday without comment."
    assert _quoted(text) == ["The lock was broken all week"]


def test_quotes_spans_single_marks_as_outer_quotes_but_not_apostrophes() -> None:
    text = "Minister calls plan ‘a disaster for the coast’ as Orla’s boat sinks"
    assert _quoted(text) == ["a disaster for the coast"]


def test_quotes_spans_ignore_apostrophes_when_double_marks_exist() -> None:
    text = "It’s “the town’s best year,” the mayor’s aide said."
    assert _quoted(text) == ["the town’s best year"]


@given(st.text(alphabet=st.sampled_from(list("ab ,.\n“”\"‘’")), max_size=80))
def test_quotes_spans_are_trimmed_and_inside_the_text(text: str) -> None:
    for start, end in find_quote_spans(text):
        assert 0 <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert piece[-1] not in ",;"


@settings(max_examples=200, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40)), max_size=12),
       position=st.integers(-5, 360))
def test_quote_spans_index_answers_like_a_scan(spans: list[tuple[int, int]], position: int) -> None:
    """The indexed lookup of quote spans (for articles with many quotes) gives the answer a
    scan of every span gives, spans overlapping or not, in any order."""
    pairs = [(start, start + length) for start, length in spans]
    assert _in_any(position, _Spans(pairs)) == _in_any(position, list(pairs))
