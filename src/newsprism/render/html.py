"""A static, self-contained HTML report folder: an index, one page per story, one per article.

Works from ``file://`` with no server and no external resource: CSS and the one small script
are inlined in every page, and a Content-Security-Policy forbids anything else. Article text
is untrusted; Jinja2 autoescaping is on for every template, and a URL becomes a link only
when it is a plain http(s) address.

Mentions (claims, quotes, shared passages, dated events) are anchored in the article page by
their offsets (``#m<start>-<end>``), so a story page can link to the very sentence an outlet
wrote. Overlapping mentions are split into segments that list every mention covering them.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from newsprism.errors import NewsprismError
from newsprism.records import Article, Mention, QuoteMention, Report, StoryAnalysis, TimelineEntry
from newsprism.render._view import (
    citation_numbers,
    claim_text,
    claims_by_support,
    coverage_of,
    date_span,
    growth,
    known_outlets,
    opening_words,
    outlet_of,
)
from newsprism.render.diff import mark_variants, quotes_part, reference_index, word_changes

# Words for the entity types (spaCy's labels, kept in the JSON) in the HTML report.
ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
                "FAC": "building or site", "NORP": "nationality or group", "EVENT": "event",
                "PRODUCT": "vessel"}
_HERE = Path(__file__).resolve().parent
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")

# Longest readable part of a page file name taken from an id; a hash keeps names unique.
NAME_CHARS = 40
# Widest growth bar, in blocks; a day with more articles is drawn at this width with its count.
MAX_BAR = 40

# The names of the pages a report wrote, kept in its folder: writing a report there again
# removes the pages of the last one that the new one does not have (a story that left a
# front page, an absorbed story), and never a file it did not write.
MANIFEST = ".newsprism-pages"
_PAGE_FILE = re.compile(r"(?:story|article)-[A-Za-z0-9_-]+\.html")

# A sentence ends at ., ! or ? (with closing quotes or brackets) before a space, or at a
# paragraph break; context shown around a clause is cut to this many characters a side.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+|\n\s*\n")
CONTEXT_CHARS = 160

# Which highlight a segment covered by several mentions takes (the highest wins).
_SECTION_KINDS = {"evidence": -1, "claim": 0, "passage": 1, "date": 2, "quote": 3}


def write_html(
    report: Report,
    out_dir: str | Path,
    *,
    history: Mapping[str, Sequence[Any]] | None = None,
    ranked: bool = True,
) -> Path:
    """Write the report folder and return the path of its ``index.html``. Pages a report
    written there before had and this one has not are removed (``MANIFEST``).

    ``history``: for stories kept in a store, story id -> its steps (``StoryEvent``s,
    oldest first); the story page then lists its merges and splits, and the index shows
    their ids. ``ranked``: the index lists the most widely covered stories first; with
    ``False`` it keeps the report's order (an archive listing's own sort)."""
    out = Path(out_dir)
    site = ReportPages(report, history=history)
    pages = {"index.html": site.index(ranked=ranked)}
    for analysis in report.stories:
        pages[site.links.story(analysis.story.id)] = site.story(analysis.story.id)
    for article in report.articles:
        pages[site.links.article(article.id)] = site.article(article.id)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            (out / name).write_text(text, encoding="utf-8")
        for name in _written_before(out) - pages.keys():
            (out / name).unlink(missing_ok=True)
        (out / MANIFEST).write_text("\n".join(sorted(pages)) + "\n", encoding="utf-8")
    except OSError as error:
        raise NewsprismError(f"Cannot write the HTML report to {out}: {error.strerror or error}.") from error
    return out / "index.html"


@dataclass(frozen=True)
class PageLinks:
    """How the pages of a report name each other: the static folder's file names by
    default; the web app gives its own addresses."""

    story: Callable[[str], str] = field(default=lambda story_id: page_name("story", story_id))
    article: Callable[[str], str] = field(default=lambda article_id: page_name("article", article_id))
    home: str = "index.html"


class ReportPages:
    """The HTML pages of one report, each rendered on demand: the index, a story's page
    and an article's page. ``environment`` defaults to the static report's
    (``environment()``); the web app passes one with its own header."""

    def __init__(self, report: Report, *, history: Mapping[str, Sequence[Any]] | None = None,
                 links: PageLinks | None = None, environment: Environment | None = None) -> None:
        self.links = links or PageLinks()
        self._site = _Site(report, history or {}, self.links)
        self._env = environment or _default_environment()

    # ``extra``: more names for the templates (the web app's notices)

    def index(self, *, ranked: bool = True, **extra: Any) -> str:
        return self._env.get_template("index.html").render(**self._site.index_context(ranked=ranked), **extra)

    def story(self, story_id: str, **extra: Any) -> str:
        """The page of a story of the report (KeyError when it has none of that id)."""
        analysis = next((a for a in self._site.report.stories if a.story.id == story_id), None)
        if analysis is None:
            raise KeyError(story_id)
        return self._env.get_template("story.html").render(**self._site.story_context(analysis), **extra)

    def article(self, article_id: str, **extra: Any) -> str:
        """The page of an article of the report (KeyError when it has none of that id)."""
        context = self._site.article_context(self._site.articles[article_id])
        return self._env.get_template("article.html").render(**context, **extra)


def _written_before(out: Path) -> set[str]:
    """The story and article pages the last report written to ``out`` listed in its
    manifest; anything else the manifest names (it is a file in a user's folder) is ignored."""
    try:
        listed = (out / MANIFEST).read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return set()
    return {name for name in listed if _PAGE_FILE.fullmatch(name)}


def _minute(stamp: str) -> str:
    """An ISO 8601 UTC timestamp to the minute, for reading: ``2031-03-05 09:30``."""
    return stamp[:16].replace("T", " ")


def sentence_around(text: str, start: int, end: int, *, limit: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The rest of the sentence around ``text[start:end]``: the words before it and after it
    (each cut to about ``limit`` characters, with "…"); empty when the span is the sentence."""
    sentence_start = 0
    for boundary in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = boundary.end()
    after = _SENTENCE_END.search(text, max(start, end - 1))
    sentence_end = after.start() + len(after.group().rstrip()) if after else len(text)
    before, rest = " ".join(text[sentence_start:start].split()), " ".join(text[end:max(end, sentence_end)].split())
    if len(before) > limit:
        before = "…" + before[-limit:].split(" ", 1)[-1]
    if len(rest) > limit:
        rest = rest[:limit].rsplit(" ", 1)[0] + "…"
    return before, rest


def page_name(kind: str, identifier: str) -> str:
    """A safe, unique file name for a story or article page, whatever the id contains."""
    readable = _UNSAFE_NAME.sub("-", identifier).strip("-")[:NAME_CHARS] or kind
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{readable}-{digest}.html"


def anchor_id(start: int, end: int) -> str:
    """The id of a mention's anchor on its article page."""
    return f"m{start}-{end}"


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address fit to link to, else None."""
    if not url or url != url.strip() or any(ord(ch) < 32 for ch in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# --------------------------------------------------------------------------- environment


def environment(*, templates: Path | None = None, form_action: str = "'none'") -> Environment:
    """The Jinja2 environment of the report's pages: autoescaping on, the CSS and script
    inlined, a Content-Security-Policy that allows nothing else. ``templates``: a folder
    whose templates come first (the web app overrides ``base.html`` there, and adds its
    own pages); ``form_action``: where forms may send (the static report has none)."""
    folders = ([templates] if templates else []) + [_HERE / "templates"]
    env = Environment(
        loader=FileSystemLoader(folders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css = (_HERE / "static" / "report.css").read_text(encoding="utf-8")
    script = (_HERE / "static" / "report.js").read_text(encoding="utf-8")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    env.globals.update(
        css=Markup(css),  # our own files, not user data
        script=Markup(script),
        csp=(
            "default-src 'none'; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action {form_action}"
        ),
    )
    return env


@cache
def _default_environment() -> Environment:
    return environment()


# --------------------------------------------------------------------------- article text


@dataclass
class _Segment:
    text: str
    anchors: list[str] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)
    kind: str = ""


@dataclass
class _Block:
    heading: bool
    segments: list[_Segment]


def _valid(mention: Mention | QuoteMention, text: str) -> bool:
    return 0 <= mention.start <= mention.end <= len(text) and text[mention.start : mention.end] == mention.text


def _blocks(text: str) -> list[tuple[int, int]]:
    blocks, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        blocks.append((position, match.start()))
        position = match.end()
    blocks.append((position, len(text)))
    return [(s, e) for s, e in blocks if text[s:e].strip()]


def _text_blocks(article: Article, spans: Mapping[tuple[int, int], str]) -> list[_Block]:
    """The clean text as paragraphs and headings, cut into segments at every mention boundary.

    Every span gets an anchor at its start, in the paragraph that holds (or follows) it.
    """
    text = article.text
    headings = [(h.start, h.end) for h in article.headings]
    blocks = _blocks(text)
    if not blocks:
        anchors = [anchor_id(s, e) for s, e in sorted(spans)]
        return [_Block(False, [_Segment("", anchors)])] if anchors else []
    out = []
    owner_start = 0
    for index, (bs, be) in enumerate(blocks):
        last = index == len(blocks) - 1
        owner_end = len(text) + 1 if last else be
        cuts = {bs, be} | {p for s, e in spans for p in (s, e) if bs < p < be}
        ordered = sorted(cuts)
        segments = []
        for x, y in zip(ordered, ordered[1:], strict=False):
            covering = sorted((s, e) for s, e in spans if s <= x and e >= y and s < e)
            segment = _Segment(
                text[x:y],
                anchors=[
                    anchor_id(s, e)
                    for s, e in sorted(spans)
                    if (s == x) or (x == bs and owner_start <= s < bs)
                ],
                spans=[anchor_id(s, e) for s, e in covering],
                kind=max((spans[c] for c in covering), key=_SECTION_KINDS.__getitem__, default=""),
            )
            segments.append(segment)
        trailing = [anchor_id(s, e) for s, e in sorted(spans) if be <= s < owner_end and (s != be or last)]
        if trailing and last:
            segments.append(_Segment("", trailing))
        heading = any(hs < be and he > bs for hs, he in headings)
        out.append(_Block(heading, segments))
        owner_start = be
    return out


# --------------------------------------------------------------------------- site


class _Site:
    """Page names, links and page contexts for one report."""

    def __init__(self, report: Report, history: Mapping[str, Sequence[Any]], links: PageLinks) -> None:
        self.report = report
        self.links = links
        self.history = history
        self.articles = {a.id: a for a in report.articles}
        self.stories_of: dict[str, list[StoryAnalysis]] = {}
        for analysis in report.stories:
            for article_id in analysis.story.article_ids:
                self.stories_of.setdefault(article_id, []).append(analysis)
        self.spans: dict[str, dict[tuple[int, int], str]] = {}
        for analysis in report.stories:
            for kind, mention in self._mentions(analysis):
                self._add_span(kind, mention)
        # Discrepancy evidence carries no offsets: anchor it where its text first occurs.
        self.evidence: dict[tuple[str, str], Mention] = {}
        for analysis in report.stories:
            for d in analysis.discrepancies:
                for e in d.evidence:
                    article = self.articles.get(e.article)
                    start = article.text.find(e.text) if article and e.text else -1
                    if article and start >= 0:
                        found = Mention(e.article, e.text, start, start + len(e.text))
                        self.evidence[(e.article, e.text)] = found
                        self._add_span("evidence", found)

    # ---- names and links

    def story_page(self, story_id: str) -> str:
        return self.links.story(story_id)

    def article_page(self, article_id: str) -> str:
        return self.links.article(article_id)

    def article_href(self, article_id: str, mention: Mention | QuoteMention | None = None) -> str | None:
        """Link to an article page, at the mention's anchor when it has one; None when the
        article is not in the report (so no dangling link is ever written)."""
        if article_id not in self.articles:
            return None
        page = self.article_page(article_id)
        if mention is not None and (mention.start, mention.end) in self.spans.get(article_id, {}):
            return f"{page}#{anchor_id(mention.start, mention.end)}"
        return page

    def _mentions(self, analysis: StoryAnalysis) -> Iterable[tuple[str, Mention | QuoteMention]]:
        for claim in analysis.claims:
            yield from (("claim", m) for m in claim.mentions)
        for quote in analysis.quotes:
            yield from (("quote", m) for m in quote.mentions)
        for pair in analysis.syndication:
            for passage in pair.passages:
                yield "passage", passage.a
                yield "passage", passage.b
        for entry in analysis.timeline:
            yield from (("date", m) for m in entry.mentions)

    def _add_span(self, kind: str, mention: Mention | QuoteMention) -> None:
        article = self.articles.get(mention.article)
        if article is None or not _valid(mention, article.text):
            return
        spans = self.spans.setdefault(article.id, {})
        key = (mention.start, mention.end)
        if key not in spans or _SECTION_KINDS[kind] > _SECTION_KINDS[spans[key]]:
            spans[key] = kind

    def source(self, article_id: str, numbers: Mapping[str, int]) -> dict[str, Any]:
        article = self.articles.get(article_id)
        return {
            "id": article_id,
            "n": numbers.get(article_id),
            "outlet": outlet_of(article_id, self.articles),
            "title": (article.title if article else None) or "",
            # an untitled article is named by how it begins (shown apart from titles)
            "lead": opening_words(article) if article and not article.title else "",
            "published": (article.published if article else None) or "",
            "href": self.article_href(article_id),
        }

    def cites(self, ids: Sequence[str], numbers: Mapping[str, int], mentions: Sequence[Mention] = ()) -> list[dict]:
        by_article = {}
        for m in mentions:
            by_article.setdefault(m.article, m)
        ordered = sorted(dict.fromkeys(ids), key=lambda a: numbers.get(a, len(numbers) + 1))
        return [
            {"n": numbers.get(a, "?"), "outlet": outlet_of(a, self.articles), "href": self.article_href(a, by_article.get(a))}
            for a in ordered
        ]

    # ---- index

    def index_context(self, *, ranked: bool = True) -> dict[str, Any]:
        stories = []
        for analysis in self.report.stories:
            ids = analysis.story.article_ids
            span = date_span(ids, self.articles)
            # known outlets by name; articles whose outlet is unknown are counted (their ids
            # say nothing to a reader of the index), as `newsprism stories` lists them
            outlets, unknown = known_outlets(ids, self.articles)
            stories.append(
                {
                    "title": analysis.story.title or analysis.story.id,
                    "href": self.story_page(analysis.story.id),
                    # a stored story's id is how `show`, `merge` and `split` name it
                    "id": analysis.story.id if analysis.story.id in self.history else "",
                    # and when it last changed (its newest step, UTC to the minute)
                    "updated": _minute(max((str(step.at) for step in self.history.get(analysis.story.id, ())),
                                           default="")),
                    "size": len(ids),
                    "outlets": outlets,
                    "unknown": unknown,
                    "sources": len(analysis.source_groups),
                    "dates": _span_text(span),
                    "first": span[0] if span else "",
                }
            )
        if ranked:
            stories.sort(key=lambda s: (-s["size"], s["first"]))
        foreign = [
            {**self.source(a.id, {}), "language": a.language} for a in self.report.articles
            if a.language and a.language != "en"
        ]
        articles = [
            {
                **self.source(a.id, {}),
                "language": a.language or "",
                "stories": [
                    {"title": s.story.title or s.story.id, "href": self.story_page(s.story.id)}
                    for s in self.stories_of.get(a.id, [])
                ],
            }
            for a in self.report.articles
        ]
        failures = [{"source": f.source, "reason": f.reason} for f in self.report.failures]
        return {"page_title": "newsprism report", "stories": stories, "foreign": foreign,
                "articles": articles, "failures": failures, "home": None}

    # ---- story

    def _changes(self, story_id: str) -> list[dict[str, str]]:
        """The merges and splits in a stored story's history, in words."""
        out = []
        for step in self.history.get(story_id, ()):
            detail, count = step.detail, len(step.article_ids)
            articles = f"{count} article{'s' if count != 1 else ''}"
            who = "an editor" if detail.get("by") == "editor" else "the clusterer's review"
            if step.kind == "merged" and "absorbed" in detail:
                text = f"absorbed story {detail['absorbed']} ({articles})"
            elif step.kind == "merged" and "into" in detail:
                text = f"merged into story {detail['into']} ({articles})"
            elif step.kind == "split" and "into" in detail:
                text = f"{articles} split off into story {detail['into']}"
            elif step.kind == "split" and "from" in detail:
                text = f"split off from story {detail['from']} ({articles})"
            elif "moved_to" in detail:
                text, who = f"{articles} moved to story {detail['moved_to']}", "the archive"
            else:
                continue
            out.append({"at": _minute(str(step.at)), "text": text, "by": who})
        return out

    def story_context(self, analysis: StoryAnalysis) -> dict[str, Any]:
        story = analysis.story
        numbers = citation_numbers(analysis)
        coverage = coverage_of(analysis, self.articles)
        claims = {c.id: c for c in analysis.claims}
        span = date_span(story.article_ids, self.articles)
        outlets, unknown = known_outlets(story.article_ids, self.articles)
        return {
            "page_title": story.title or story.id,
            "home": self.links.home,
            "story": {
                "title": story.title or story.id,
                "size": len(story.article_ids),
                "outlets": outlets,
                "unknown": unknown,
                "sources": len(analysis.source_groups),
                "dates": _span_text(span),
            },
            "sources": [self.source(a, numbers) for a in numbers],
            "summary": [
                {
                    "text": s.text,
                    "cites": self.cites(s.articles, numbers, claims[s.claim].mentions if s.claim in claims else ()),
                }
                for s in analysis.summary
            ],
            "changes": self._changes(story.id),
            "matrix": self._matrix(analysis, numbers, coverage),
            "by_outlet": self._by_outlet(analysis, numbers, coverage),
            "syndication": self._syndication(analysis, numbers),
            "quotes": self._quotes(analysis, numbers),
            "entities": self._entities(analysis),
            "timeline": [
                {"date": t.date, "precision": t.precision, "cites": self.cites(t.articles, numbers, t.mentions),
                 **self._event(t)}
                for t in analysis.timeline
            ],
            "discrepancies": [
                {
                    "kind": d.kind.replace("_", " "),
                    "summary": d.summary,
                    "evidence": [
                        {**self.source(e.article, numbers), "text": e.text,
                         "context": self.article_href(e.article, self.evidence.get((e.article, e.text)))}
                        for e in d.evidence
                    ],
                }
                for d in analysis.discrepancies
            ],
            "growth": self._growth(analysis, numbers),
            "notes": list(analysis.notes),
        }

    def _matrix(self, analysis: StoryAnalysis, numbers: Mapping[str, int], coverage: Any) -> dict[str, Any] | None:
        if not analysis.claims:
            return None
        story_ids = list(analysis.story.article_ids)
        groups = [[a for a in group if a in story_ids] for group in analysis.source_groups]
        grouped = {a for g in groups for a in g}
        groups = [g for g in groups if g] + [[a] for a in story_ids if a not in grouped]
        columns = []
        header = []
        for index, group in enumerate(groups, start=1):
            header.append({"label": f"Source {index}" if analysis.source_groups else "", "span": len(group)})
            for position, article_id in enumerate(group):
                columns.append({**self.source(article_id, numbers), "first": position == 0})
        rows = []
        by_id = {c.id: c for c in analysis.claims}
        for claim in claims_by_support(analysis, coverage):
            reporting = set(claim.articles) | {m.article for m in claim.mentions}
            mention_of = {}
            for m in claim.mentions:
                mention_of.setdefault(m.article, m)
            close_of = {}  # a related or recalling claim's sentence in an article that does not make this one
            for related in (*claim.related, *claim.recalled_by):
                for m in by_id[related].mentions if related in by_id else ():
                    if m.article not in reporting:
                        close_of.setdefault(m.article, m)
            cells = []
            for column in columns:
                article_id = column["id"]
                close = close_of.get(article_id)
                cells.append(
                    {
                        "reported": article_id in reporting,
                        "href": self.article_href(article_id, mention_of.get(article_id))
                        if article_id in reporting
                        else self.article_href(article_id, close) if close else None,
                        "close": close.text if close else None,
                        "first": column["first"],
                        "outlet": column["outlet"],
                    }
                )
            rows.append(
                {"id": claim.id, "text": claim_text(claim), "outlets": len(coverage.matrix.get(claim.id, ())),
                 "sources": claim.independent_sources, "cells": cells}
            )
        shared = any(len(g) > 1 for g in groups)  # group labels only say something when a group is shared
        # Claims only one outlet makes are folded away below the main table: they would
        # otherwise bury the comparison; a story where no claim is shared shows them all.
        wide = [r for r in rows if r["outlets"] > 1]
        single = [r for r in rows if r["outlets"] <= 1] if wide else []
        return {"header": header, "columns": columns, "rows": wide or rows, "single": single,
                "grouped": bool(analysis.source_groups) and shared}

    def _by_outlet(self, analysis: StoryAnalysis, numbers: Mapping[str, int], coverage: Any) -> list[dict[str, Any]]:
        """Per outlet: the widely reported claims it leaves out and the claims only it reports."""
        claims = {c.id: c for c in analysis.claims}
        rows = []
        missing_terms = getattr(coverage, "missing_terms", {})
        term_articles = getattr(coverage, "term_articles", {})
        cut: dict[str, list[str]] = {}  # outlet -> claim ids cut from its copy of a wire story
        for article_id, cids in getattr(coverage, "cut_from_copy", {}).items():
            cut.setdefault(outlet_of(article_id, self.articles), []).extend(cids)
        for outlet in dict.fromkeys([*coverage.outlets, *coverage.omitted, *coverage.exclusive, *cut]):
            items = {}
            for key, source in (("omitted", coverage.omitted), ("exclusive", coverage.exclusive), ("cut", cut)):
                items[key] = [
                    {"text": claim_text(claims[cid]), "cites": self.cites(claims[cid].articles, numbers, claims[cid].mentions),
                     # an exclusive of one source that other outlets carry too (its copies)
                     "also": [o for o in coverage.matrix.get(cid, ()) if o != outlet] if key == "exclusive" else []}
                    for cid in dict.fromkeys(source.get(outlet, ()))
                    if cid in claims
                ]
            items["terms"] = [
                {"text": term, "cites": self.cites(term_articles.get(term, ()), numbers)}
                for term in missing_terms.get(outlet, ())
            ]
            if any(items.values()):
                rows.append({"outlet": outlet, **items})
        return rows

    def _syndication(self, analysis: StoryAnalysis, numbers: Mapping[str, int]) -> list[dict[str, Any]]:
        pairs = []
        for pair in analysis.syndication:
            a, b = pair.articles
            pairs.append(
                {
                    "a": self.source(a, numbers),
                    "b": self.source(b, numbers),
                    "score": _percent(pair.score),
                    "evidence": list(pair.evidence),
                    "passages": [
                        {
                            "similarity": _percent(p.similarity),
                            "a": {"text": p.a.text, "href": self.article_href(p.a.article, p.a),
                                  **_who(self.source(p.a.article, numbers))},
                            "b": {"text": p.b.text, "href": self.article_href(p.b.article, p.b),
                                  **_who(self.source(p.b.article, numbers))},
                        }
                        for p in pair.passages
                    ],
                }
            )
        return pairs

    def _event(self, entry: TimelineEntry) -> dict[str, str]:
        """A timeline entry's text, and when it is a clause cut from a longer sentence ("he
        made earlier this week to host..."), the rest of that sentence around it, as the
        article that gave the entry its text wrote it."""
        wanted = " ".join(entry.text.split()).rstrip(".…")[:60]  # the entry's text is cut and ends with "."
        for mention in entry.mentions:
            article = self.articles.get(mention.article)
            if article is None or not wanted or not " ".join(mention.text.split()).startswith(wanted):
                continue
            before, after = sentence_around(article.text, mention.start, mention.end)
            if before or after:
                return {"before": before, "text": mention.text, "after": after,
                        # no space inside an opening quote or before closing punctuation
                        "before_gap": "" if before.endswith(tuple("“‘\"'([")) else " ",
                        "after_gap": "" if after[:1] in tuple(".,;:!?”’\"')]") else " "}
        return {"before": "", "text": entry.text, "after": ""}

    def _entity_anchor(self, analysis: StoryAnalysis, name: str | None) -> str | None:
        if not name:
            return None
        wanted = name.casefold()
        for index, entity in enumerate(analysis.entities, start=1):
            if entity.name.casefold() == wanted or wanted in (v.casefold() for v in entity.variants):
                return f"entity-{index}"
        return None

    def _quotes(self, analysis: StoryAnalysis, numbers: Mapping[str, int]) -> list[dict[str, Any]]:
        quotes = []
        for quote in analysis.quotes:
            # the fullest rendering first: the reference the others are compared with
            first = reference_index([m.text for m in quote.mentions])
            mentions = [quote.mentions[first], *quote.mentions[:first], *quote.mentions[first + 1:]]
            reference = mentions[0].text
            marked = mark_variants([m.text for m in mentions])
            variants = []
            for index, (mention, pieces) in enumerate(zip(mentions, marked, strict=True)):
                variants.append(
                    {
                        **self.source(mention.article, numbers),
                        "href": self.article_href(mention.article, mention),
                        "speaker_mention": mention.speaker_mention or "",
                        "cue": mention.cue or "",
                        "pieces": pieces,
                        "reference": index == 0,
                        "part": bool(index) and quotes_part(reference, mention.text),
                        "changes": word_changes(reference, mention.text, part=True) if index else [],
                    }
                )
            quotes.append(
                {
                    "speaker": quote.speaker or "",
                    "speaker_anchor": self._entity_anchor(analysis, quote.speaker),
                    "variants": variants,
                    "varies": any(v["changes"] for v in variants),
                }
            )
        return quotes

    def _entities(self, analysis: StoryAnalysis) -> list[dict[str, Any]]:
        entities = []
        for index, entity in enumerate(analysis.entities, start=1):
            by_outlet: dict[str, int] = {}
            for article_id in entity.articles or entity.counts:
                outlet = outlet_of(article_id, self.articles)
                by_outlet[outlet] = by_outlet.get(outlet, 0) + entity.counts.get(article_id, 0)
            entities.append(
                {
                    "anchor": f"entity-{index}",
                    "name": entity.name,
                    "type": entity.type,
                    "kind": ENTITY_KINDS.get(entity.type, entity.type),
                    "variants": [v for v in entity.variants if v != entity.name],
                    "outlets": sorted(by_outlet.items(), key=lambda kv: (-kv[1], kv[0])),
                    "counted": bool(entity.counts),
                }
            )
        return entities

    def _growth(self, analysis: StoryAnalysis, numbers: Mapping[str, int]) -> list[dict[str, Any]]:
        days = growth(analysis.story.article_ids, self.articles)
        if len(analysis.story.article_ids) < 2:
            return []
        rows, total = [], 0
        for date, ids in days:
            total += len(ids)
            rows.append(
                {
                    "date": date or "date unknown",
                    "count": len(ids),
                    "total": total,
                    "bar": "■" * min(len(ids), MAX_BAR),
                    "sources": [self.source(a, numbers) for a in ids],
                }
            )
        return rows

    # ---- article

    def article_context(self, article: Article) -> dict[str, Any]:
        evidence: dict[str, list[str]] = {}
        for e in article.evidence:
            evidence.setdefault(e.field, []).append(f"{e.value} (from {e.source})" if e.value else e.source)
        fields = [
            ("outlet", "Outlet", article.outlet),
            ("title", "Title", article.title),
            ("url", "URL", article.url),
            ("authors", "Authors", ", ".join(article.authors)),
            ("published", "Published", article.published),
            ("dateline", "Dateline", article.dateline),
            ("language", "Language", article.language),
            ("source", "Input", article.source),
            ("content_hash", "Content hash", article.content_hash),
            ("story", "Story label", article.story),
        ]
        known = {name for name, _, _ in fields}
        rows = [
            {"label": label, "value": value or "", "href": safe_url(value) if name == "url" else None,
             "evidence": evidence.get(name, [])}
            for name, label, value in fields
            if value or evidence.get(name)
        ]
        rows += [{"label": name, "value": "", "href": None, "evidence": why} for name, why in evidence.items()
                 if name not in known]
        return {
            "page_title": article.title or article.id,
            "home": self.links.home,
            "article": {"id": article.id, "title": article.title or article.id, "outlet": article.outlet or ""},
            "meta": rows,
            "stories": [{"title": s.story.title or s.story.id, "href": self.story_page(s.story.id)}
                        for s in self.stories_of.get(article.id, [])],
            "blocks": _text_blocks(article, self.spans.get(article.id, {})),
            "has_marks": bool(self.spans.get(article.id)),
            "removed": [{"line": r.line, "reason": r.reason.replace("_", " "), "text": r.text} for r in article.removed],
            "foreign": bool(article.language and article.language != "en"),
            "language": article.language or "",
        }


def _percent(value: float) -> str:
    number = float(value)
    return f"{round(100 * number)}%" if math.isfinite(number) else "unknown"


def _who(source: Mapping[str, Any]) -> dict[str, Any]:
    return {"n": source["n"], "outlet": source["outlet"]}


def _span_text(span: tuple[str, str] | None) -> str:
    if span is None:
        return ""
    return span[0] if span[0] == span[1] else f"{span[0]} – {span[1]}"
