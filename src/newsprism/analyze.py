"""The pipeline end to end: inputs -> articles -> stories -> analyses -> report.

Each stage lives in its own folder (see docs/architecture.md); this module only wires
them together. ``load_articles`` reads and cleans, ``analyze_story`` runs every
comparison on one story, ``analyze`` does the whole one-shot run of
``newsprism analyze``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from newsprism.errors import NewsprismError
from newsprism.records import (
    Article,
    Evidence,
    Failure,
    RawDocument,
    Report,
    Story,
    StoryAnalysis,
)

# Articles in these languages are analysed; the others are kept and reported as such.
ANALYSED_LANGUAGES = frozenset({"en"})

Progress = Callable[[int], None]


@dataclass
class LoadResult:
    """Articles read and cleaned from the inputs, and every input that failed."""

    articles: list[Article]
    failures: list[Failure]


def clean_one(
    item: RawDocument | Failure, *, clean: Callable[[RawDocument], Article] | None = None
) -> Article | Failure:
    """Clean one raw document; whatever goes wrong becomes a Failure naming the input."""
    if isinstance(item, Failure):
        return item
    if clean is None:
        from newsprism.clean import clean_document as clean
    try:
        return clean(item)
    except NewsprismError as error:
        return Failure(item.source, str(error))
    except Exception as error:  # a bug must not sink the batch: report it with the input
        return Failure(item.source, f"could not clean this input ({type(error).__name__}: {error})")


def deduplicate(results: Iterable[tuple[Article | Failure, str]]) -> LoadResult:
    """Keep each content once and make ids unique, in input order.

    ``results`` pairs each cleaned article (or failure) with its input's source. The
    same content twice is analysed once: the later copy becomes a Failure that names the
    article it duplicates. Two different articles that claim the same id keep both, the
    later one with a ``-2``/``-3`` suffix, which its ``evidence`` explains.
    """
    articles: list[Article] = []
    failures: list[Failure] = []
    by_hash: dict[str, str] = {}
    ids: set[str] = set()
    for result, source in results:
        if isinstance(result, Failure):
            failures.append(result)
            continue
        if result.content_hash in by_hash:
            failures.append(
                Failure(source, f"duplicate of article {by_hash[result.content_hash]} (same content): analysed once")
            )
            continue
        unique = _unique_id(result.id, ids)
        article = result if unique == result.id else replace(
            result, id=unique,
            evidence=(*result.evidence, Evidence(field="id", value=unique,
                                                 source=f"renamed: an earlier input has the id {result.id}")),
        )
        by_hash[article.content_hash] = article.id
        ids.add(article.id)
        articles.append(article)
    return LoadResult(articles, failures)


def clean_documents(items: Iterable[RawDocument | Failure], *, advance: Progress | None = None) -> LoadResult:
    """Clean every raw document (``clean_one``) and keep each content once (``deduplicate``)."""

    def cleaned() -> Iterator[tuple[Article | Failure, str]]:
        for item in items:
            if advance:
                advance(1)
            yield clean_one(item), item.source

    return deduplicate(cleaned())


def load_articles(
    inputs: Sequence[str],
    *,
    meta_file: str | Path | None = None,
    stdin: TextIO | None = None,
    allow_private: bool = False,
    max_bytes: int | None = None,
    advance: Progress | None = None,
) -> LoadResult:
    """Read every input (files, folders, ``-``, URLs) and clean it into articles."""
    from newsprism.ingest import read_inputs

    options: dict[str, object] = {"meta_file": meta_file, "stdin": stdin, "allow_private": allow_private}
    if max_bytes is not None:
        options["max_bytes"] = max_bytes
    return clean_documents(read_inputs(inputs, **options), advance=advance)  # type: ignore[arg-type]


def analyze_story(
    story: Story, articles: Sequence[Article], *, summary_words: int | None = None
) -> StoryAnalysis:
    """Run every comparison on one story.

    ``StoryAnalysis.articles`` holds the story's articles as analysed (an article whose
    publication date was inferred from the story comes back with it filled in).
    Articles not in an analysed language stay out of the comparison, each in its own
    source group, and the analysis notes it.
    """
    from newsprism.compare.claims import align_claims, name_quoted_speakers
    from newsprism.compare.coverage import build_coverage
    from newsprism.compare.discrepancies import find_discrepancies
    from newsprism.compare.entities import merge_entities
    from newsprism.compare.quotes import extract_quotes
    from newsprism.compare.syndication import find_syndication
    from newsprism.compare.timeline import build_timeline, infer_publication_dates
    from newsprism.language.parse import parse_articles
    from newsprism.summarize import summarize

    analysed = [a for a in articles if (a.language or "en") in ANALYSED_LANGUAGES]
    others = [a for a in articles if (a.language or "en") not in ANALYSED_LANGUAGES]
    notes = [
        f"article {a.id} is in language '{a.language}': kept, not compared (only English is analysed)"
        for a in others
    ]
    if not analysed:
        groups = tuple((a.id,) for a in others)
        return StoryAnalysis(story=story, source_groups=groups, notes=tuple(notes), articles=tuple(articles))

    analysed, date_notes = infer_publication_dates(analysed)
    notes.extend(date_notes)
    docs = parse_articles(analysed)
    syndication, groups = find_syndication(analysed)
    claims = align_claims(analysed, docs, groups)
    entities = merge_entities(analysed, docs)
    quotes = extract_quotes(analysed, docs, entities)
    claims = name_quoted_speakers(claims, quotes)
    timeline = build_timeline(analysed, docs)
    discrepancies = find_discrepancies(
        analysed, claims=claims, quotes=quotes, entities=entities, timeline=timeline
    )
    summary_options = {"words": summary_words} if summary_words else {}
    summary = summarize(analysed, claims, groups, **summary_options)
    by_id = {a.id: a for a in analysed}
    return StoryAnalysis(
        story=story,
        source_groups=tuple(tuple(g) for g in groups) + tuple((a.id,) for a in others),
        syndication=tuple(syndication),
        claims=tuple(claims),
        coverage=build_coverage(claims, analysed, source_groups=groups, docs=docs, syndication=syndication),
        quotes=tuple(quotes),
        entities=tuple(entities),
        timeline=tuple(timeline),
        discrepancies=tuple(discrepancies),
        summary=tuple(summary),
        notes=tuple(notes),
        articles=tuple(by_id.get(a.id, a) for a in articles),
    )


def analyze_articles(
    articles: Sequence[Article],
    *,
    one_story: bool = False,
    summary_words: int | None = None,
    failures: Sequence[Failure] = (),
    advance: Progress | None = None,
) -> Report:
    """Group articles into stories and analyse each story."""
    from newsprism.stories import group_stories

    stories = group_stories(articles, one_story=one_story)
    by_id = {a.id: a for a in articles}
    analyses = []
    for story in stories:
        analysis = analyze_story(story, [by_id[i] for i in story.article_ids], summary_words=summary_words)
        by_id.update((a.id, a) for a in analysis.articles)
        analyses.append(analysis)
        if advance:
            advance(1)
    ordered = tuple(by_id[a.id] for a in articles)
    return Report(articles=ordered, stories=tuple(analyses), failures=tuple(failures))


def analyze(
    inputs: Sequence[str],
    *,
    meta_file: str | Path | None = None,
    one_story: bool = False,
    summary_words: int | None = None,
    stdin: TextIO | None = None,
    allow_private: bool = False,
    max_bytes: int | None = None,
) -> Report:
    """The one-shot run of ``newsprism analyze``: read, clean, group and compare."""
    loaded = load_articles(
        inputs, meta_file=meta_file, stdin=stdin, allow_private=allow_private, max_bytes=max_bytes
    )
    return analyze_articles(
        loaded.articles, one_story=one_story, summary_words=summary_words, failures=loaded.failures
    )


def _unique_id(article_id: str, taken: set[str]) -> str:
    if article_id not in taken:
        return article_id
    n = 2
    while f"{article_id}-{n}" in taken:
        n += 1
    return f"{article_id}-{n}"
