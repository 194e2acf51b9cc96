"""Concise terminal output with rich: the report, article and story listings, one story.

Every piece of article-derived text goes through ``Text`` (``rich.text.Text`` without
control characters) so that brackets in a headline are printed as they are, never read as
console markup, and an escape sequence in a title, a file name or an address never reaches
the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from newsprism.controls import safe
from newsprism.records import Article, Report, StoryAnalysis
from newsprism.render._view import (
    citation_numbers,
    claim_text,
    coverage_of,
    date_span,
    exclusives,
    known_outlets,
    omissions,
    opening_words,
    outlet_of,
    story_outlets,
)

if TYPE_CHECKING:
    from newsprism.ingest import FeedRead

# How many omissions, exclusives and discrepancies the report shows per story; a screenful per
# story for a typical 4-10 outlet story. print_story shows them all.
TOP_ITEMS = 3
# Longest claim or discrepancy text shown on one line before it is cut with an ellipsis.
MAX_LINE_CHARS = 160
# Story titles in the `stories` table: a story without a headline is titled by its first
# sentence, which would otherwise fill several rows of a narrow column.
STORY_TITLE_CHARS = 90
# Outlets named per story in the story list; the rest are counted ("+3"), all are in --json.
STORY_OUTLETS_SHOWN = 2
# A report with more stories than this opens with a table of them (at most
# STORY_ROWS_SHOWN rows) and prints only the REPORT_STORIES_SHOWN most widely covered in
# full; every story stays in the JSON and HTML reports.
REPORT_STORIES_SHOWN = 10
STORY_ROWS_SHOWN = 50


class Text(RichText):
    """``rich.text.Text`` that drops control characters from what it is given."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(safe(text), *args, **kwargs)

    def append(self, text: Any, style: Any = None) -> Text:
        super().append(safe(text) if isinstance(text, str) else text, style)
        return self


class StoryRow(Protocol):
    """What ``print_stories`` reads from each row (any object with these attributes)."""

    id: str
    title: str
    size: int


def print_report(report: Report, *, console: Console | None = None) -> None:
    """A concise summary of every story, then the articles not analysed and the failures."""
    out = console or Console()
    articles = {a.id: a for a in report.articles}
    shown = list(report.stories)
    if len(shown) > REPORT_STORIES_SHOWN:
        # widest coverage first: independent sources, outlets, articles, then report order
        ranked = sorted(report.stories, key=lambda s: (
            -len(s.source_groups), -len(story_outlets(s, articles)), -len(s.story.article_ids)))
        _print_story_index(out, ranked, articles)
        shown = ranked[:REPORT_STORIES_SHOWN]
        out.print(Text(
            f"In full below: the {len(shown)} most widely covered of {len(report.stories)} stories "
            "(all of them are in the --json and --html reports).", style="bold"))
    for analysis in shown:
        _print_story(out, analysis, articles, limit=TOP_ITEMS)
    foreign = [a for a in report.articles if a.language and a.language != "en"]
    if foreign:
        out.print(Text(f"Not analysed (not English): {len(foreign)} article(s)", style="bold"))
        for a in foreign:
            out.print(Text(f"  {a.id} ({a.language}) {a.outlet or ''} {a.title or ''}".rstrip()))
    if report.failures:
        out.print(Text(f"Failures: {len(report.failures)}", style="bold red"))
        for failure in report.failures:
            out.print(Text(f"  {failure.source}: {_one_line(failure.reason)}"))
    if not report.stories and not report.failures:
        out.print(Text("No stories found."))


def print_story(
    analysis: StoryAnalysis, articles: Iterable[Article] | Mapping[str, Article], *, console: Console | None = None
) -> None:
    """One story in full: summary, coverage differences, quotes, discrepancies, entities."""
    by_id = dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles}
    _print_story(console or Console(), analysis, by_id, limit=None)


def print_articles(articles: Iterable[Article], *, stories: Mapping[str, str | None] | None = None,
                   console: Console | None = None) -> None:
    """A table of articles: id, the story it is filed in (with ``stories``: article id ->
    story id), outlet, date, language, words, title."""
    articles = list(articles)
    table = Table(title="Articles", show_lines=False, expand=True)
    # ids are what `newsprism split` takes: kept on one line, whole, to be copied
    widest = max((len(a.id) for a in articles), default=2)
    columns = ("id", "story", "outlet", "published", "lang", "words", "title")
    for column in columns if stories is not None else tuple(c for c in columns if c != "story"):
        table.add_column(column, justify="right" if column == "words" else "left", overflow="fold",
                         no_wrap=column in ("id", "story", "published", "lang", "words"),
                         ratio={"outlet": 1, "title": 2}.get(column),
                         min_width={"id": min(widest, 60), "published": 10, "outlet": 10, "title": 10}.get(column))
    count = 0
    for a in articles:
        count += 1
        filed = [Text((stories or {}).get(a.id) or "-")] if stories is not None else []
        table.add_row(
            Text(a.id), *filed, Text(a.outlet or ""), Text(a.published or ""), Text(a.language or ""),
            Text(str(len(a.text.split()))), Text(a.title or ""),
        )
    (console or Console()).print(table if count else Text("No articles."))


def print_feeds(reads: Iterable[FeedRead], *, console: Console | None = None) -> None:
    """A table of feeds and their last reads (``archive.feed_reads``)."""
    table = Table(title="Feeds", expand=True)
    counts = ("entries", "fetched", "from feed", "unchanged", "refused", "failed")
    for column in ("feed", "last read", "status", *counts):
        table.add_column(column, justify="right" if column in counts else "left",
                         overflow="fold", no_wrap=column not in ("feed", "status"), ratio={"feed": 2, "status": 2}.get(column))
    count = 0
    for read in reads:
        count += 1
        status = f"{read.status}: {_one_line(read.problem)}" if read.problem else read.status
        status += f" (moved for good to {read.moved_to})" if read.moved_to else ""
        table.add_row(Text(read.url), Text(read.read_at.replace("T", " ").removesuffix("Z")), Text(status),
                      *(Text(str(n)) for n in (read.entries, read.fetched, read.from_feed, read.unchanged, read.refused,
                                                read.failed)))
    (console or Console()).print(table if count else Text("No feeds read yet: newsprism ingest --feed URL reads one."))


def print_stories(rows: Iterable[StoryRow | Any], *, console: Console | None = None) -> None:
    """A table of stories. Rows are any objects with ``id``, ``title``, ``size``, ``outlets``
    (a count or a list of names) and first/last dates (``first``/``last``, ``first_date``/
    ``last_date`` or ``first_published``/``last_published``)."""
    table = Table(title="Stories", expand=True)
    for column in ("id", "articles", "outlets", "dates", "title"):
        # the title gets twice the outlets' share of what the fixed columns leave
        table.add_column(column, justify="right" if column == "articles" else "left", overflow="fold",
                         no_wrap=column in ("id", "articles", "dates"),
                         ratio={"outlets": 1, "title": 2}.get(column), min_width={"outlets": 12}.get(column))
    count = 0
    for row in rows:
        count += 1
        outlets = getattr(row, "outlets", "")
        if not isinstance(outlets, (int, str)):
            names = [str(name) for name in outlets]
            more = len(names) - STORY_OUTLETS_SHOWN
            outlets = ", ".join(names[:STORY_OUTLETS_SHOWN]) + (f" +{more}" if more > 0 else "")
        unknown = getattr(row, "unknown_outlets", 0)
        if unknown:
            outlets = f"{outlets} (+{unknown} unknown)" if outlets else f"{unknown} unknown"
        first, last = _attr(row, "first", "first_date", "first_published"), _attr(row, "last", "last_date", "last_published")
        dates = _date_range(first, last)
        table.add_row(
            Text(str(row.id)), Text(str(getattr(row, "size", ""))), Text(str(outlets)), Text(dates or ""),
            Text(_one_line(str(getattr(row, "title", "") or ""), STORY_TITLE_CHARS)),
        )
    (console or Console()).print(table if count else Text("No stories."))


# --------------------------------------------------------------------------- helpers


class _IndexRow:
    """One row of the report's story table, in the shape ``print_stories`` reads."""

    def __init__(self, analysis: StoryAnalysis, articles: Mapping[str, Article]) -> None:
        story = analysis.story
        self.id, self.title, self.size = story.id, story.title or story.id, len(story.article_ids)
        self.outlets, self.unknown_outlets = known_outlets(story.article_ids, articles)
        self.first, self.last = date_span(story.article_ids, articles) or (None, None)


def _print_story_index(out: Console, ranked: Sequence[StoryAnalysis], articles: Mapping[str, Article]) -> None:
    print_stories([_IndexRow(a, articles) for a in ranked[:STORY_ROWS_SHOWN]], console=out)
    if len(ranked) > STORY_ROWS_SHOWN:
        out.print(Text(f"… and {len(ranked) - STORY_ROWS_SHOWN} more stories, fewer sources each."))


def _attr(row: Any, *names: str) -> str | None:
    for name in names:
        value = getattr(row, name, None)
        if value is not None:
            return str(value)
    return None


def _date_range(first: str | None, last: str | None) -> str:
    """``2031-03-04 – 06`` within a month, ``2031-03-30 – 04-02`` within a year."""
    if first == last:
        return first or ""
    if first and last and len(first) == len(last) == 10:
        if first[:7] == last[:7]:
            return f"{first} – {last[8:]}"
        if first[:4] == last[:4]:
            return f"{first} – {last[5:]}"
    return f"{first or '?'} – {last or '?'}"


def _one_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _cites(ids: Sequence[str], numbers: Mapping[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[a] for a in ids if a in numbers}))


def _print_story(out: Console, analysis: StoryAnalysis, articles: Mapping[str, Article], *, limit: int | None) -> None:
    story = analysis.story
    numbers = citation_numbers(analysis)
    outlets = story_outlets(analysis, articles)
    out.rule(Text(story.title or story.id, style="bold"))
    named, unknown = known_outlets(story.article_ids, articles)
    facts = [f"{len(story.article_ids)} article(s)", f"{len(named)} outlet(s)"]
    if unknown:
        facts.append(f"{unknown} of unknown outlet")
    if analysis.source_groups:
        facts.append(f"{len(analysis.source_groups)} independent source(s)")
    span = date_span(story.article_ids, articles)
    if span:
        facts.append(span[0] if span[0] == span[1] else f"{span[0]} – {span[1]}")
    out.print(Text(" · ".join(facts)))
    unnamed = [a for a in outlets if a not in named]  # an unknown outlet's article is named by its id
    out.print(Text("Outlets: " + ", ".join(named) + ("; " if named and unnamed else "")
                   + (f"outlet unknown: {', '.join(unnamed)}" if unnamed else "")))

    if analysis.summary:
        out.print(Text("Summary", style="bold"))
        for sentence in analysis.summary:
            line = Text("  ")
            line.append(" ".join(sentence.text.split()))
            line.append(" " + _cites(sentence.articles, numbers), style="cyan")
            out.print(line)
    else:
        out.print(Text("No summary."))
    out.print(Text("Sources", style="bold"))
    legend = Text()
    for article_id, n in numbers.items():
        a = articles.get(article_id)
        label = f"  [{n}] {outlet_of(article_id, articles)}"
        if a and a.published:
            label += f", {a.published}"
        if a and a.title:
            label += f": {_one_line(a.title, 90)}"
        elif a:  # an untitled article by how it begins, in quotation marks: not a title
            label += f": “{opening_words(a, 90)}”"
        legend.append(label + "\n")
    out.print(legend, end="")

    coverage = coverage_of(analysis, articles)
    missing = omissions(analysis, coverage)[:limit]
    only = exclusives(analysis, coverage)[:limit]
    text_of = {c.id: claim_text(c) for c in analysis.claims}
    cut = [
        (article_id, cid)
        for article_id, cids in getattr(coverage, "cut_from_copy", {}).items()
        for cid in cids
        if cid in text_of
    ][:limit]
    terms = [(o, t) for o, ts in getattr(coverage, "missing_terms", {}).items() if ts for t in ts][:limit]
    if missing or only or cut or terms:
        out.print(Text("Differences in coverage (as matched: a fact told in quite other words can be missed)", style="bold"))
    for o in missing:
        line = Text(f"  Reported by {len(o.reporting)} of {len(coverage.outlets)}, not found in {', '.join(o.omitting)}: ")
        line.append(_one_line(claim_text(o.claim)))
        out.print(line)
    for article_id, cid in cut:
        line = Text(f"  Cut by {outlet_of(article_id, articles)} from its wire copy: ")
        line.append(_one_line(text_of[cid]))
        out.print(line)
    for outlet, term in terms:
        line = Text(f"  Never mentioned by {outlet}: {term}")
        line.append(" " + _cites(getattr(coverage, "term_articles", {}).get(term, ()), numbers), style="cyan")
        out.print(line)
    shown: set[str] = set()
    for outlet, claim in only:
        if claim.id in shown:
            continue
        shown.add(claim.id)
        # one source's claim that several outlets carry (a wire story and its copies): once
        others = [o for o in coverage.matrix.get(claim.id, ()) if o != outlet]
        where = f"one source, carried by {', '.join([outlet, *others])}" if others else outlet
        out.print(Text(f"  Found only in {where}: {_one_line(claim_text(claim))}"))

    out.print(
        Text(
            f"Quotes: {len(analysis.quotes)} · entities: {len(analysis.entities)} · "
            f"timeline: {len(analysis.timeline)} · discrepancies: {len(analysis.discrepancies)}"
        )
    )
    for d in analysis.discrepancies[:limit]:
        line = Text(f"  {d.kind}: ", style="yellow")
        line.append(_one_line(d.summary))
        line.append(" " + _cites([e.article for e in d.evidence], numbers), style="cyan")
        out.print(line)
    if limit is None:
        _print_details(out, analysis, numbers)


def _print_details(out: Console, analysis: StoryAnalysis, numbers: Mapping[str, int]) -> None:
    """The full lists print_story adds: quotes with each rendering, entities, timeline, notes."""
    for quote in analysis.quotes:
        out.print(Text(f"Quote ({quote.speaker or 'speaker unknown'})", style="bold"))
        for m in quote.mentions:
            out.print(Text(f"  [{numbers.get(m.article, '?')}] {m.cue or ''} “{_one_line(m.text)}”"))
    if analysis.entities:
        out.print(Text("Entities", style="bold"))
        for e in analysis.entities:
            variants = [v for v in e.variants if v != e.name]
            extra = f" (also: {', '.join(variants)})" if variants else ""
            out.print(Text(f"  {e.name} [{e.type}]{extra} in {len(e.articles)} article(s)"))
    if analysis.timeline:
        out.print(Text("Timeline", style="bold"))
        for t in analysis.timeline:
            out.print(Text(f"  {t.date} {_one_line(t.text)} {_cites(t.articles, numbers)}"))
    for note in analysis.notes:
        out.print(Text(f"Note: {note}", style="dim"))
