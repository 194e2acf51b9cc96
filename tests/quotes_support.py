"""Shared helpers for the quote tests: extract one invented article's quotes, find one."""

from __future__ import annotations

from newsprism.compare.quotes import extract_quotes_from_article
from newsprism.language.parse import parse_articles
from newsprism.records import Article, QuoteMention


def article_quotes(article_id: str, text: str) -> list[QuoteMention]:
    """Parse one article and extract its quote mentions."""
    article = Article(id=article_id, text=text)
    docs = parse_articles([article])
    return extract_quotes_from_article(article, docs[article.id])


def by_start(mentions: list[QuoteMention], words: str) -> QuoteMention:
    """The first quote whose text starts with ``words``; fails the test when none does."""
    found = [m for m in mentions if m.text.startswith(words)]
    assert found, f"no quote starting {words!r} in {[m.text for m in mentions]}"
    return found[0]
