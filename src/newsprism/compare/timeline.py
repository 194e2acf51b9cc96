"""When things happened: publication dates inferred where missing, and a merged timeline.

Decisions (documented in docs/QUALITY.md):

- Every temporal expression of a body sentence that resolves (``language.dates``, with
  the sentence's tense deciding whether a bare weekday is past or coming) gives a
  candidate event: the clause whose verb governs the expression when it has enough words
  to stand alone, else the whole sentence. The entry's text, trimmed of trailing
  attribution ("..., Tass reported"), reads as a sentence: a fragment such as "to reopen
  on May 1" or "which broke out on Monday" is shown with what it hangs on; its mentions
  keep the clause itself. "a day after X" dates X one day before the sentence's other date.
- Background dates are events too ("the invasion in 2022" is dated 2022, year precision).
  Durations ("for 30 years", "50-day") and spans are never dates.
- Lines that are only a date (a stray dateline, "Published on 5 Sep 2025") are skipped.
- Candidates on the same date (same precision) merge across articles when their event
  texts are similar (sentence embeddings); an entry keeps every mention, offsets valid.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np

from newsprism.language.dates import (
    UPDATE_LABEL,
    find_temporal_expressions,
    parse_published,
    resolve_at,
    resolve_date,
)
from newsprism.language.models import EMBEDDING_DIM
from newsprism.language.parse import body_sentences
from newsprism.records import Article, Evidence, Mention, TimelineEntry

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ONE_DAY = timedelta(days=1)

# Cosine similarity above which two events on the same date are one event. Calibrated on
# the seeds and the demo corpus: retellings of one event by two outlets score 0.55-0.85,
# different events on the same day 0.15-0.45.
MERGE_SIMILARITY = 0.55
# A sentence needs this many words besides its date expressions to describe an event.
MIN_EVENT_WORDS = 4
# Longest event text kept in an entry; longer sentences are cut at a word boundary.
MAX_EVENT_CHARS = 300
# How far into an article a publication date of its own is looked for (a dateline).
HEAD_CHARS = 400

_ATTRIBUTION_TAIL = re.compile(
    r",?\s+(?:according to [^,.]+|(?:the )?[A-Z][\w.'’ -]{1,60}\s(?:reported|said|told [\w ]+|wrote))"
    r"\s*\.?$"
)
_FULL_DATE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d)"
)
_WORD = re.compile(r"[A-Za-z]{2,}")
# Dependency labels of a clause's subject, and the tags of relative words ("who", "which",
# "where"), which stand for a subject named elsewhere.
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


def infer_publication_dates(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """Fill in missing ``published`` dates; returns the articles and one note per inference.

    An article without a date takes, in order: a full date in its own first lines (a
    dateline the cleaner kept), else the most common publication date of its story's
    other articles when that date is consistent with the weekdays it names (its events
    cannot be later than its publication). When the siblings disagree by more than a
    day the inferred precision drops to the month (or year) they share.
    """
    result: list[Article] = []
    notes: list[str] = []
    for article in articles:
        if article.published:
            result.append(article)
            continue
        siblings = [
            other for other in articles
            if other.id != article.id and other.published and other.story == article.story
        ]
        value, how = _own_date(article), "inferred from its text"
        if value is None:
            value, how = _story_date(siblings), "inferred from the story"
        if value is None:
            result.append(article)
            notes.append(f"publication date of {article.id} unknown: no date in its text or story")
            continue
        evidence = Evidence(field="published", value=value, source=how)
        result.append(dataclasses.replace(
            article, published=value, evidence=(*article.evidence, evidence)
        ))
        notes.append(f"publication date of {article.id} {how} ({value})")
    return result, notes


def build_timeline(articles: Sequence[Article], docs: Mapping[str, Doc]) -> list[TimelineEntry]:
    """Dated events across the story's articles, merged across outlets, sorted by date."""
    candidates: list[tuple[str, str, Mention, str]] = []  # (date, precision, event mention, shown)
    for article in articles:
        doc = docs.get(article.id)
        if doc is None:
            continue
        candidates.extend(_candidates(article, doc))
    if not candidates:
        return []
    groups: dict[tuple[str, str], list[int]] = {}
    for index, (value, precision, _, _) in enumerate(candidates):
        groups.setdefault((value, precision), []).append(index)
    # only mentions that share a date with another one need comparing: embed just those
    shared = [i for members in groups.values() if len(members) > 1 for i in members]
    vectors = np.zeros((len(candidates), EMBEDDING_DIM), dtype=np.float32)
    if shared:
        vectors[shared] = _embed([candidates[i][2].text for i in shared])
    entries: list[TimelineEntry] = []
    for (value, precision), members in groups.items():
        for cluster in _cluster(members, vectors):
            mentions = tuple(candidates[i][2] for i in cluster)
            centre = vectors[cluster].mean(axis=0)
            # the mention nearest the centre; a tie (always, between two) goes to the first
            # one, not to the last bits of the floating point
            best = max(cluster, key=lambda i: (round(float(vectors[i] @ centre), 5), -i))
            entries.append(TimelineEntry(
                date=value,
                text=_condense(candidates[best][3]),
                articles=tuple(dict.fromkeys(m.article for m in mentions)),
                precision=precision,
                mentions=mentions,
            ))
    entries.sort(key=lambda e: (e.date, -len(e.articles), e.text))
    return entries


# --------------------------------------------------------------------------- helpers


def _embed(texts: list[str]) -> np.ndarray:
    from newsprism.language.models import embed

    return embed(texts)


def _own_date(article: Article) -> str | None:
    """The latest full date in the article's first lines (it is published after what it
    reports), leaving out a line that stamps an update ("Edited time: …") unless no other
    line has a date."""
    head = article.text[:HEAD_CHARS]
    found: list[str] = []
    updates: list[str] = []
    for match in _FULL_DATE.finditer(head):
        resolved = resolve_date(match.group(0), published=None)
        if resolved is not None and resolved.precision == "day":
            line_start = head.rfind("\n", 0, match.start()) + 1
            line_end = head.find("\n", match.end())
            line = head[line_start : line_end if line_end >= 0 else len(head)]
            (updates if UPDATE_LABEL.search(line) else found).append(resolved.date)
    if found:
        return max(found)
    return max(updates) if updates else None


def _story_date(siblings: Sequence[Article]) -> str | None:
    dates = [a.published for a in siblings if a.published]
    if not dates:
        return None
    days = [d for d in dates if len(d) == 10]
    if days:
        common, _ = Counter(days).most_common(1)[0]
        spread = {parse_published(d)[0] for d in days}
        if max(spread) - min(spread) <= _ONE_DAY:  # type: ignore[operator]
            return common
    months = {d[:7] for d in dates if len(d) >= 7}
    if len(months) == 1:
        return months.pop()
    years = {d[:4] for d in dates}
    return years.pop() if len(years) == 1 else None


def _candidates(article: Article, doc: Doc) -> list[tuple[str, str, Mention, str]]:
    """(date, precision, event mention, the event as shown) per dated expression: the mention
    is the clause the date belongs to, what is compared across articles; what is shown
    completes a fragment for reading."""
    expressions = find_temporal_expressions(doc)
    out = []
    for start, end in _lines(article.text, body_sentences(article, doc)):
        inside = [e for e in expressions if start <= e[0] and e[1] <= end]
        if not inside:
            continue
        sentence = article.text[start:end]
        if len(_WORD.findall(_strip_spans(sentence, inside, start))) < MIN_EVENT_WORDS:
            continue
        resolved = [(e, resolve_at(article.text, e[0], e[1], published=article.published))
                    for e in inside]
        days = [r.date for e, r in resolved if r and r.precision == "day" and not _is_anchor(e[2])]
        for expr, result in resolved:
            if result is None:
                continue
            if _is_anchor(expr[2]):
                result = resolve_date(expr[2], published=article.published,
                                      reference=days[0] if days else None)
                if result is None:
                    continue
                span = core = _after(article.text, expr[1], end)
            else:
                span, core = _clause(doc, article.text, expr, start, end)
            out.append((result.date, result.precision,
                        Mention(article=article.id, text=article.text[core[0]:core[1]], start=core[0], end=core[1]),
                        article.text[span[0]:span[1]]))
    return out


def _lines(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences cut at line breaks: a sentence never spans two paragraphs or lines."""
    out = []
    for start, end in sentences:
        for match in re.finditer(r"[^\n]+", text[start:end]):
            piece = match.group(0)
            left = start + match.start() + len(piece) - len(piece.lstrip())
            right = start + match.start() + len(piece.rstrip())
            if right > left:
                out.append((left, right))
    return out


def _is_anchor(expression: str) -> bool:
    return bool(re.search(r"\bday (?:after|earlier|before)\b|\bprevious day\b", expression.lower()))


def _after(text: str, start: int, end: int) -> tuple[int, int]:
    """The event an anchor like "a day after" introduces: what follows it in the sentence."""
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def _clause(
    doc: Doc, text: str, expr: tuple[int, int, str], start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    """(what to show, what to compare): the clause whose verb governs the expression; the
    sentence when none is smaller.

    A relative clause reads as a fragment, so it is shown with the noun it describes ("The
    fire, which broke out on Monday", "the offer she made on Tuesday"); any other clause
    without a subject of its own ("to reopen on May 1", "docked at the pier on Tuesday")
    with the clause that governs it, without that clause's other coordinated verbs ("The
    library is due to reopen on May 1"). A subordinator opening the clause ("after",
    "once") is left out. The clause alone is what is compared across articles.
    """
    span = doc.char_span(expr[0], expr[1], alignment_mode="expand")
    if span is None:
        return (start, end), (start, end)
    verb = _verb_above(span.root)
    if verb is None:
        return (start, end), (start, end)
    core = _within(text, start, end, verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge))
    token, first_token, last_token = verb, verb.left_edge, verb.right_edge
    while True:
        if token.dep_ == "relcl" and token.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            first_token, last_token = token.head.left_edge, token.right_edge
            break
        if _has_subject(token):
            break
        above = _verb_above(token.head)
        if above is None or above.i == token.i:
            break
        token = above
        first_token, last_token = token.left_edge, _last_without_other_verbs(token, verb)
    while first_token.i < verb.i and (first_token.dep_ == "mark" or first_token.tag_ in _RELATIVE_TAGS):
        first_token = first_token.nbor()
    return _within(text, start, end, first_token.idx, last_token.idx + len(last_token)), core


def _within(text: str, start: int, end: int, left: int, right: int) -> tuple[int, int]:
    """``left``-``right`` inside the sentence ``start``-``end``; the sentence when that is too
    short to describe an event."""
    left, right = max(start, left), min(end, right)
    if len(_WORD.findall(text[left:right])) < MIN_EVENT_WORDS + 2:
        return start, end
    return left, right


def _last_without_other_verbs(token: Token, keep: Token) -> Token:
    """The last token of ``token``'s clause before a coordinated verb that does not hold
    ``keep`` ("expected to give a first account on Thursday[, and others asked why ...]")."""
    last = token.right_edge
    for child in token.children:
        if child.i > token.i and child.dep_ == "conj" and keep not in child.subtree:
            cut = child.left_edge.i - 1
            while cut > token.i and token.doc[cut].dep_ in {"cc", "punct"}:
                cut -= 1
            return token.doc[cut]
    return last


def _verb_above(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` in the parse, or None."""
    while token.head.i != token.i and token.pos_ not in {"VERB", "AUX"}:
        token = token.head
    return token if token.pos_ in {"VERB", "AUX"} else None


def _has_subject(verb: Token) -> bool:
    """Whether the clause of ``verb`` names its own subject (a relative "who" does not)."""
    return any(child.dep_ in _SUBJECTS and child.tag_ not in _RELATIVE_TAGS for child in verb.children)


def _strip_spans(sentence: str, spans: list[tuple[int, int, str]], offset: int) -> str:
    for s, e, _ in sorted(spans, reverse=True):
        sentence = sentence[: s - offset] + " " + sentence[e - offset:]
    return sentence


def _cluster(members: list[int], vectors: np.ndarray) -> list[list[int]]:
    clusters: list[list[int]] = []
    for index in members:
        best, best_score = None, MERGE_SIMILARITY
        for cluster in clusters:
            score = float(np.mean([vectors[index] @ vectors[j] for j in cluster]))
            if score >= best_score:
                best, best_score = cluster, score
        if best is None:
            clusters.append([index])
        else:
            best.append(index)
    return clusters


def _condense(text: str) -> str:
    """The event without trailing attribution, cut to ``MAX_EVENT_CHARS``, opening with a
    capital like a sentence (the mention keeps the article's own text)."""
    text = text.strip()
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    trimmed = _ATTRIBUTION_TAIL.sub("", text)
    if len(_WORD.findall(trimmed)) >= MIN_EVENT_WORDS:
        text = trimmed if trimmed.endswith((".", "!", "?", "”", '"')) else trimmed + "."
    if len(text) > MAX_EVENT_CHARS:
        text = text[:MAX_EVENT_CHARS].rsplit(" ", 1)[0] + " …"
    return text


