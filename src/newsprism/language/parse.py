"""Parse articles with spaCy once, so every comparison stage shares the same parse."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsprism.language.models import parse_texts
from newsprism.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Texts per spaCy batch; spaCy's default (1000) holds too much memory for long articles.
PARSE_BATCH = 32


def parse_articles(articles: Sequence[Article]) -> dict[str, Doc]:
    """Parse each article's clean text; keys are article ids.

    Character offsets of tokens, sentences and entities in each ``Doc`` are offsets into
    ``article.text``, so mentions built from them satisfy the contract's
    ``text[start:end] == mention``.
    """
    docs = parse_texts((a.text for a in articles), batch_size=PARSE_BATCH)
    return {article.id: doc for article, doc in zip(articles, docs, strict=True)}


def body_sentences(article: Article, doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of the body, headings excluded, whitespace trimmed."""
    heading_starts = {span.start for span in article.headings}
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        text = article.text[start:end]
        stripped = text.strip()
        if not stripped:
            continue
        start += len(text) - len(text.lstrip())
        end = start + len(stripped)
        if any(h <= start < h_end for h, h_end in _heading_ranges(article)) or start in heading_starts:
            continue
        spans.append((start, end))
    return spans


def _heading_ranges(article: Article) -> list[tuple[int, int]]:
    return [(span.start, span.end) for span in article.headings]
