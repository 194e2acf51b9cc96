"""Typed records that flow between the pipeline's stages.

Every stage is a function from records to records. Records are frozen dataclasses: a
stage never changes its input, it returns new records (``dataclasses.replace``).

The field names follow the analysis contract (``docs/report-contract.md``); fields that
the contract does not list are extensions and are documented where they are defined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class RawDocument:
    """One input as read, before cleaning.

    ``source`` names where it came from so that an error or an audit can point back at it:
    a file path, ``path.jsonl:LINE``, ``<stdin>:LINE`` or a URL. Exactly one of ``text``
    and ``html`` is normally set; ``meta`` holds the metadata given with the input
    (the contract's input fields: id, title, outlet, url, authors, published, story).
    """

    source: str
    text: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or cleaned. Never dropped: it is reported.

    ``reason`` is one line: what happened and what to do about it.
    """

    source: str
    reason: str


# --------------------------------------------------------------------------- clean


@dataclass(frozen=True)
class Removed:
    """A piece of the raw input that the cleaner left out of the body, with why.

    ``reason`` is a short stable code such as ``caption``, ``photo_credit``, ``navigation``,
    ``advertisement``, ``share_prompt``, ``newsletter``, ``sponsored``, ``related``,
    ``copyright``, ``wire_footer``, ``contributor``, ``comments``, ``byline``, ``dateline``,
    ``date``, ``title``, ``duplicate``, ``html_chrome`` (see ``clean/`` for the full list).
    ``line`` is the 0-based line number in the raw text, or -1 when not line-based.
    """

    text: str
    reason: str
    line: int = -1


@dataclass(frozen=True)
class Evidence:
    """Why a metadata field has the value it has, e.g. outlet from ``url domain``."""

    field: str
    value: str
    source: str


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` of an article's clean ``text``."""

    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """A cleaned article.

    ``text`` is the clean body: paragraphs separated by one blank line. Section headings
    stay in ``text`` as their own paragraph and are listed in ``headings`` so that later
    stages do not treat them as sentences. ``published`` is ``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY`` (the precision known). ``language`` is an ISO 639-1 code; only ``en`` articles
    are analysed. ``content_hash`` identifies the clean content (title + text).
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    story: str | None = None
    headings: tuple[Span, ...] = ()
    removed: tuple[Removed, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    content_hash: str = ""


# --------------------------------------------------------------------------- stories


@dataclass(frozen=True)
class Story:
    """A group of articles about one real-world event."""

    id: str
    title: str
    article_ids: tuple[str, ...]


# --------------------------------------------------------------------------- compare


@dataclass(frozen=True)
class Mention:
    """Where an article states something: ``article.text[start:end] == text``."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SharedPassage:
    """A passage two articles share (wire copy, rewriting), with both renderings."""

    a: Mention
    b: Mention
    similarity: float


@dataclass(frozen=True)
class Syndication:
    """Two articles that share text; ``score`` in [0, 1]."""

    articles: tuple[str, str]
    score: float
    passages: tuple[SharedPassage, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One statement, aligned across the articles that make it."""

    id: str
    text: str
    articles: tuple[str, ...]
    independent_sources: int
    mentions: tuple[Mention, ...]
    # Extension: who is quoted when ``text`` is someone's quoted words with no attribution in
    # it (a sentence from inside a longer quotation), else None.
    speaker: str | None = None
    # Extension: ids of claims that come close to this one in other articles (a pair score of
    # at least ``compare.claims.NEAR_SCORE``) without being aligned with it: they may state
    # the same fact with other details, so neither is reported as one outlet's alone.
    related: tuple[str, ...] = ()
    # Extension: ids of claims whose sentence states this claim's fact in passing, in a clause
    # or phrase of another fact (a pair score of ``compare.claims.RECALL_SCORE``): "…, two
    # days after a judge ruled the closure unlawful". One way: the recalling claim's own fact
    # may still be one outlet's alone.
    recalled_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """Claims x outlets: what each outlet reports alone and what it omits."""

    outlets: tuple[str, ...]
    matrix: dict[str, tuple[str, ...]]  # claim id -> outlets reporting it
    exclusive: dict[str, tuple[str, ...]]  # outlet -> claim ids only it reports
    omitted: dict[str, tuple[str, ...]]  # outlet -> well-supported claim ids it leaves out
    # outlet -> salient terms most independent sources use but it never does
    missing_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    term_articles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # term -> articles using it
    # article id -> claim ids the other copies of its wire story carry but it cut
    cut_from_copy: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class QuoteMention:
    """One article's rendering of a quote."""

    article: str
    text: str
    start: int
    end: int
    speaker_mention: str | None
    cue: str | None
    # Extensions: where the speaker's words stand in the article (``text[speaker_start:
    # speaker_end] == speaker_mention``), None when no words name the speaker there.
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True)
class Quote:
    """One utterance; ``speaker`` is the canonical entity name, or None when unknown."""

    id: str
    speaker: str | None
    mentions: tuple[QuoteMention, ...]


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place under one canonical name with all its variants."""

    id: str
    name: str
    type: str  # a spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT (a ship)
    variants: tuple[str, ...]
    articles: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)  # article id -> mentions


@dataclass(frozen=True)
class TimelineEntry:
    """What happened on a date, merged across the articles that report it."""

    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    text: str
    articles: tuple[str, ...]
    precision: str = "day"  # day | month | year
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class EvidenceText:
    """One side of a discrepancy: what an article wrote."""

    article: str
    text: str


@dataclass(frozen=True)
class Discrepancy:
    """A real difference between outlets. ``kind`` is one of the contract's kinds."""

    kind: str
    summary: str
    evidence: tuple[EvidenceText, ...]


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of the neutral summary and every article that supports it."""

    text: str
    articles: tuple[str, ...]
    claim: str | None = None


@dataclass(frozen=True)
class StoryAnalysis:
    """Everything newsprism finds in one story. Sections not computed stay empty."""

    story: Story
    source_groups: tuple[tuple[str, ...], ...] = ()
    syndication: tuple[Syndication, ...] = ()
    claims: tuple[Claim, ...] = ()
    coverage: Coverage | None = None
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. "publication date of a2 inferred from the story"
    # The story's articles as analysed: an article whose publication date was inferred
    # from the story comes back with it filled in (and the evidence recorded).
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True)
class Report:
    """The result of a run: all articles, the stories they form, and what failed."""

    articles: tuple[Article, ...]
    stories: tuple[StoryAnalysis, ...]
    failures: tuple[Failure, ...] = ()
