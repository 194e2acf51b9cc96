"""What the terminal and HTML renderers both derive from a story: citation numbers, outlets,
coverage (given or derived from the claims), date spans and growth over time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsprism.records import Article, Claim, Coverage, StoryAnalysis

# A claim is "widely reported" when at least this share of the story's outlets carry it and at
# least two do; the outlets that leave it out are then listed as omitting it. Half is the plain
# meaning of "most outlets" a reader expects; a presentation choice, not a calibrated threshold.
WIDELY_REPORTED_SHARE = 0.5
WIDELY_REPORTED_MIN_OUTLETS = 2
# How much of an untitled article's first sentence stands in for its title in lists.
LEAD_CHARS = 120


def outlet_of(article_id: str, articles: Mapping[str, Article]) -> str:
    """The article's outlet, or its id when the outlet is unknown."""
    article = articles.get(article_id)
    return (article.outlet if article and article.outlet else None) or article_id


def citation_numbers(analysis: StoryAnalysis) -> dict[str, int]:
    """Article id -> citation number, 1-based, in the story's article order; articles cited
    but not listed in the story come after."""
    numbers: dict[str, int] = {}
    cited = [s.articles for s in analysis.summary] + [c.articles for c in analysis.claims]
    for article_id in [*analysis.story.article_ids, *(a for ids in cited for a in ids)]:
        numbers.setdefault(article_id, len(numbers) + 1)
    return numbers


def story_outlets(analysis: StoryAnalysis, articles: Mapping[str, Article]) -> list[str]:
    return list(dict.fromkeys(outlet_of(a, articles) for a in analysis.story.article_ids))


def opening_words(article: Article, limit: int = LEAD_CHARS) -> str:
    """How an article without a title of its own begins: its first sentence, cut at a word
    with "…" past ``limit`` characters (shown apart from titles, so as not to pass for one)."""
    text = " ".join(article.text.split())
    end = re.search(r"[.!?](?:\s|$)", text)
    first = text[: end.end()].strip() if end else text
    if len(first) <= limit:
        return first
    return first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def known_outlets(article_ids: Sequence[str], articles: Mapping[str, Article]) -> tuple[list[str], int]:
    """The outlets the articles name, and how many articles name none: for a list of
    stories, where an unknown outlet's article id would mean nothing to a reader."""
    members = [articles.get(a) for a in article_ids]
    return list(dict.fromkeys(a.outlet for a in members if a and a.outlet)), sum(not (a and a.outlet) for a in members)


def claim_text(claim: Claim) -> str:
    """A claim as shown: someone's quoted words (``claim.speaker``) are shown as theirs, in
    balanced quotation marks ("Ann Lee: “We will rebuild the quay.”")."""
    if not claim.speaker:
        return claim.text
    text = claim.text.strip()
    if text.count('"') % 2:  # straight marks: close or open the one left unpaired
        text = f'{text}"' if text.startswith('"') else f'"{text}'
    elif "“" in text and "”" not in text:
        text += "”"
    elif "”" in text and "“" not in text:
        text = "“" + text
    elif not any(mark in text for mark in '"“”'):
        text = f"“{text}”"
    return f"{claim.speaker}: {text}"


def claim_articles(claim: Claim) -> list[str]:
    return list(dict.fromkeys([*claim.articles, *(m.article for m in claim.mentions)]))


def coverage_of(analysis: StoryAnalysis, articles: Mapping[str, Article]) -> Coverage:
    """The story's coverage: the analysis's own when computed, else derived from its claims."""
    if analysis.coverage is not None:
        return analysis.coverage
    outlets = story_outlets(analysis, articles)
    matrix = {
        c.id: tuple(dict.fromkeys(outlet_of(a, articles) for a in claim_articles(c))) for c in analysis.claims
    }
    exclusive: dict[str, tuple[str, ...]] = {}
    omitted: dict[str, tuple[str, ...]] = {}
    if len(outlets) > 1:
        for outlet in outlets:
            only = tuple(cid for cid, reporting in matrix.items() if reporting == (outlet,))
            missing = tuple(
                cid for cid, reporting in matrix.items() if _widely_reported(reporting, outlets) and outlet not in reporting
            )
            if only:
                exclusive[outlet] = only
            if missing:
                omitted[outlet] = missing
    return Coverage(outlets=tuple(outlets), matrix=matrix, exclusive=exclusive, omitted=omitted)


def _widely_reported(reporting: Iterable[str], outlets: list[str]) -> bool:
    count = len(set(reporting))
    return count >= WIDELY_REPORTED_MIN_OUTLETS and count >= WIDELY_REPORTED_SHARE * len(outlets)


def claims_by_support(analysis: StoryAnalysis, coverage: Coverage) -> list[Claim]:
    """Claims ordered by how many outlets report them, then by independent sources."""
    order = {c.id: i for i, c in enumerate(analysis.claims)}
    return sorted(
        analysis.claims,
        key=lambda c: (-len(coverage.matrix.get(c.id, ())), -c.independent_sources, order[c.id]),
    )


@dataclass(frozen=True)
class Omission:
    """A claim most outlets report and some leave out."""

    claim: Claim
    reporting: tuple[str, ...]
    omitting: tuple[str, ...]


def omissions(analysis: StoryAnalysis, coverage: Coverage) -> list[Omission]:
    by_claim: dict[str, list[str]] = {}
    for outlet, claim_ids in coverage.omitted.items():
        for cid in claim_ids:
            by_claim.setdefault(cid, []).append(outlet)
    return [
        Omission(c, tuple(coverage.matrix.get(c.id, ())), tuple(by_claim[c.id]))
        for c in claims_by_support(analysis, coverage)
        if c.id in by_claim
    ]


def exclusives(analysis: StoryAnalysis, coverage: Coverage) -> list[tuple[str, Claim]]:
    claims = {c.id: c for c in analysis.claims}
    return [
        (outlet, claims[cid]) for outlet, cids in coverage.exclusive.items() for cid in cids if cid in claims
    ]


def date_span(article_ids: Iterable[str], articles: Mapping[str, Article]) -> tuple[str, str] | None:
    dates = sorted(a.published for i in article_ids if (a := articles.get(i)) and a.published)
    return (dates[0], dates[-1]) if dates else None


def growth(article_ids: Iterable[str], articles: Mapping[str, Article]) -> list[tuple[str | None, list[str]]]:
    """Articles by publication date, oldest first; undated articles last under None."""
    by_date: dict[str | None, list[str]] = {}
    for article_id in article_ids:
        article = articles.get(article_id)
        by_date.setdefault(article.published if article else None, []).append(article_id)
    dated = sorted((d, ids) for d, ids in by_date.items() if d is not None)
    return [*dated, *((None, ids) for d, ids in by_date.items() if d is None)]
