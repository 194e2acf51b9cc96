"""The report as JSON: the contract of ``docs/report-contract.md`` (version 1).

Contract fields come first in the contract's order, extensions after them; extensions are
only ever added, never renamed. Keys are emitted in a fixed order so that two runs over
the same input produce byte-identical files.

``check_offsets`` and ``check_references`` verify the invariants that JSON Schema cannot
express (every mention's text is its article's ``text[start:end]``; every article id
cited exists); ``check_schema`` validates against ``docs/report.schema.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsprism.errors import MissingDependencyError, NewsprismError
from newsprism.records import (
    Article,
    Claim,
    Coverage,
    Discrepancy,
    Entity,
    Mention,
    Quote,
    QuoteMention,
    Report,
    StoryAnalysis,
    SummarySentence,
    Syndication,
    TimelineEntry,
)

REPORT_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parents[3] / "docs" / "report.schema.json"


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, in the contract's shape."""
    return {
        "version": REPORT_VERSION,
        "articles": [article_to_dict(a) for a in report.articles],
        "stories": [_story(s) for s in report.stories],
        "failures": [{"source": f.source, "reason": f.reason} for f in report.failures],
    }


def write_json(report: Report, path: str | Path) -> None:
    """Write the report as UTF-8 JSON (indented, non-ASCII kept), creating parent folders."""
    target = Path(path)
    text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise NewsprismError(f"Cannot write the JSON report to {target}: {error.strerror or error}.") from error


# --------------------------------------------------------------------------- records -> dicts


def article_to_dict(article: Article) -> dict[str, Any]:
    """One article as in the report's ``articles`` list (contract fields, then extensions)."""
    return {
        "id": article.id,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "text": article.text,
        # extensions
        "language": article.language,
        "dateline": article.dateline,
        "source": article.source,
        "content_hash": article.content_hash,
        "story": article.story,
        "headings": [{"start": int(h.start), "end": int(h.end)} for h in article.headings],
        "removed": [{"text": r.text, "reason": r.reason, "line": int(r.line)} for r in article.removed],
        "evidence": [{"field": e.field, "value": e.value, "source": e.source} for e in article.evidence],
    }


def _story(analysis: StoryAnalysis) -> dict[str, Any]:
    story = analysis.story
    return {
        "id": story.id,
        "title": story.title,
        "articles": list(story.article_ids),
        "source_groups": [list(group) for group in analysis.source_groups],
        "syndication": [_syndication(s) for s in analysis.syndication],
        "claims": [_claim(c) for c in analysis.claims],
        "quotes": [_quote(q) for q in analysis.quotes],
        "entities": [_entity(e) for e in analysis.entities],
        "timeline": [_timeline(t) for t in analysis.timeline],
        "discrepancies": [_discrepancy(d) for d in analysis.discrepancies],
        "summary": [_summary(s) for s in analysis.summary],
        # extensions
        "coverage": _coverage(analysis.coverage, [c.id for c in analysis.claims]),
        "notes": list(analysis.notes),
    }


def _mention(mention: Mention) -> dict[str, Any]:
    return {"article": mention.article, "text": mention.text, "start": int(mention.start), "end": int(mention.end)}


def _syndication(pair: Syndication) -> dict[str, Any]:
    return {
        "articles": list(pair.articles),
        "score": _number(pair.score),
        "passages": [
            {"a": _mention(p.a), "b": _mention(p.b), "similarity": _number(p.similarity)} for p in pair.passages
        ],
        "evidence": list(pair.evidence),
    }


def _claim(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": claim.text,
        "articles": list(claim.articles),
        "independent_sources": int(claim.independent_sources),
        "mentions": [_mention(m) for m in claim.mentions],
        "speaker": claim.speaker,
        "related": list(claim.related),
        "recalled_by": list(claim.recalled_by),
    }


def _quote_mention(mention: QuoteMention) -> dict[str, Any]:
    return {
        "article": mention.article,
        "text": mention.text,
        "start": int(mention.start),
        "end": int(mention.end),
        "speaker_mention": mention.speaker_mention,
        "cue": mention.cue,
    }


def _quote(quote: Quote) -> dict[str, Any]:
    return {"id": quote.id, "speaker": quote.speaker, "mentions": [_quote_mention(m) for m in quote.mentions]}


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "variants": list(entity.variants),
        "articles": list(entity.articles),
        "counts": {k: int(v) for k, v in _ordered(entity.counts, entity.articles).items()},
    }


def _timeline(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": entry.date,
        "text": entry.text,
        "articles": list(entry.articles),
        "precision": entry.precision,
        "mentions": [_mention(m) for m in entry.mentions],
    }


def _discrepancy(discrepancy: Discrepancy) -> dict[str, Any]:
    return {
        "kind": discrepancy.kind,
        "summary": discrepancy.summary,
        "evidence": [{"article": e.article, "text": e.text} for e in discrepancy.evidence],
    }


def _summary(sentence: SummarySentence) -> dict[str, Any]:
    return {"text": sentence.text, "articles": list(sentence.articles), "claim": sentence.claim}


def _coverage(coverage: Coverage | None, claim_order: Sequence[str]) -> dict[str, Any] | None:
    if coverage is None:
        return None
    return {
        "outlets": list(coverage.outlets),
        "matrix": {k: list(v) for k, v in _ordered(coverage.matrix, claim_order).items()},
        "exclusive": {k: list(v) for k, v in _ordered(coverage.exclusive, coverage.outlets).items()},
        "omitted": {k: list(v) for k, v in _ordered(coverage.omitted, coverage.outlets).items()},
        "missing_terms": {k: list(v) for k, v in _ordered(coverage.missing_terms, coverage.outlets).items()},
        "term_articles": {k: list(v) for k, v in _ordered(coverage.term_articles, ()).items()},
        "cut_from_copy": {k: list(v) for k, v in _ordered(coverage.cut_from_copy, ()).items()},
    }


def _number(value: float) -> float | None:
    """A plain float (producers may hand numpy scalars); NaN or infinity become null, which
    is still valid JSON and which the schema then reports, instead of an unreadable file."""
    number = float(value)
    return number if math.isfinite(number) else None


def _ordered(mapping: Mapping[str, Any], order: Iterable[str]) -> dict[str, Any]:
    """The mapping with keys in ``order`` first, then the rest sorted: deterministic output."""
    out = {key: mapping[key] for key in dict.fromkeys(order) if key in mapping}
    for key in sorted(k for k in mapping if k not in out):
        out[key] = mapping[key]
    return out


# --------------------------------------------------------------------------- checks


def _mentions_of(story: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    """Every offset-bearing mention in a story dict, with a path naming where it sits."""
    sid = story.get("id")
    for claim in story.get("claims", []):
        for i, m in enumerate(claim.get("mentions", [])):
            yield f"story {sid} claim {claim.get('id')} mention {i}", m
    for quote in story.get("quotes", []):
        for i, m in enumerate(quote.get("mentions", [])):
            yield f"story {sid} quote {quote.get('id')} mention {i}", m
    for n, pair in enumerate(story.get("syndication", [])):
        for i, passage in enumerate(pair.get("passages", [])):
            for side in ("a", "b"):
                if side in passage:
                    yield f"story {sid} syndication {n} passage {i} side {side}", passage[side]
    for n, entry in enumerate(story.get("timeline", [])):
        for i, m in enumerate(entry.get("mentions", [])):
            yield f"story {sid} timeline {n} mention {i}", m


def check_offsets(report_dict: Mapping[str, Any]) -> list[str]:
    """Problems with mention offsets: each mention's ``text`` must equal ``article.text[start:end]``.

    Returns one line per problem, empty when every mention (claims, quotes, syndication
    passages, timeline mentions) and every heading is sound.
    """
    texts = {a.get("id"): a.get("text", "") for a in report_dict.get("articles", [])}
    problems = []
    for article in report_dict.get("articles", []):
        text = article.get("text", "")
        for h in article.get("headings", []):
            if not 0 <= h.get("start", -1) <= h.get("end", -1) <= len(text):
                problems.append(f"article {article.get('id')} heading {h} is outside its text")
    for story in report_dict.get("stories", []):
        for where, m in _mentions_of(story):
            article_id = m.get("article")
            if article_id not in texts:
                problems.append(f"{where}: unknown article {article_id!r}")
                continue
            text, start, end = texts[article_id], m.get("start"), m.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
                problems.append(f"{where}: offsets {start}:{end} outside article {article_id!r}")
            elif text[start:end] != m.get("text"):
                problems.append(
                    f"{where}: text {m.get('text')!r} != article {article_id!r}[{start}:{end}] "
                    f"{text[start:end]!r}"
                )
    return problems


def check_references(report_dict: Mapping[str, Any]) -> list[str]:
    """Problems with ids: every article id a story cites must be one of that story's
    articles, a claim's related and recalling claims must be claims of the story, and the story's source
    groups must partition its articles."""
    known = {a.get("id") for a in report_dict.get("articles", [])}
    problems = []
    for story in report_dict.get("stories", []):
        sid = story.get("id")
        members = list(story.get("articles", []))
        for a in members:
            if a not in known:
                problems.append(f"story {sid}: article {a!r} is not in the report's articles")
        member_set = set(members)
        grouped = [a for group in story.get("source_groups", []) for a in group]
        if grouped and (sorted(grouped) != sorted(member_set) or len(grouped) != len(set(grouped))):
            problems.append(f"story {sid}: source_groups do not partition the story's articles")

        citations = [(f"syndication {i}", pair.get("articles", [])) for i, pair in enumerate(story.get("syndication", []))]
        claim_ids = {claim.get("id") for claim in story.get("claims", [])}
        for claim in story.get("claims", []):
            citations.append((f"claim {claim.get('id')}", claim.get("articles", [])))
            problems.extend(
                f"story {sid} claim {claim.get('id')} {field}: {r!r} is not a claim of the story"
                for field in ("related", "recalled_by")
                for r in claim.get(field, [])
                if r not in claim_ids
            )
            citations.append((f"claim {claim.get('id')} mentions", [m.get("article") for m in claim.get("mentions", [])]))
        for quote in story.get("quotes", []):
            citations.append((f"quote {quote.get('id')}", [m.get("article") for m in quote.get("mentions", [])]))
        for entity in story.get("entities", []):
            citations.append((f"entity {entity.get('id')}", entity.get("articles", [])))
        for entry in story.get("timeline", []):
            citations.append((f"timeline {entry.get('date')}", entry.get("articles", [])))
        for d in story.get("discrepancies", []):
            citations.append((f"discrepancy {d.get('kind')}", [e.get("article") for e in d.get("evidence", [])]))
        for i, sentence in enumerate(story.get("summary", [])):
            citations.append((f"summary sentence {i}", sentence.get("articles", [])))
        for where, ids in citations:
            for a in ids:
                if a not in member_set:
                    problems.append(f"story {sid} {where}: cites {a!r}, which is not in the story")
    return problems


def load_schema(path: str | Path | None = None) -> dict[str, Any]:
    """The report's JSON Schema (``docs/report.schema.json`` of the source tree by default)."""
    schema_path = Path(path) if path is not None else SCHEMA_PATH
    return json.loads(schema_path.read_text(encoding="utf-8"))


def check_schema(report_dict: Mapping[str, Any], *, schema: Mapping[str, Any] | None = None) -> list[str]:
    """Schema violations, one line each (``path: message``); empty when the report is valid."""
    try:
        import jsonschema
    except ImportError as exc:  # a development dependency
        raise MissingDependencyError(feature="Report validation", package="jsonschema", extra="dev") from exc

    validator = jsonschema.Draft202012Validator(schema if schema is not None else load_schema())
    errors = sorted(validator.iter_errors(report_dict), key=lambda e: list(map(str, e.absolute_path)))
    return ["/".join(map(str, e.absolute_path)) + ": " + e.message for e in errors]
