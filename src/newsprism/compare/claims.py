"""Claims: the statements of a story, aligned across the articles that make them.

A claim unit is a body sentence, or a clause of a long sentence that joins several facts
with a semicolon or a coordinating conjunction. Questions, fragments without a verb and
very short units are not claims.

Units that say the same thing in different words ("26 countries pledged" / "26 states
agree to provide forces") are aligned with a pair score that mixes embedding cosine and
lexical overlap. A unit is compared by its main clause: a time or reason clause set off
by a comma ("..., two days after a judge ruled ...") recalls another fact and is left out
of the comparison, not of the text. Units whose numbers, named speakers or people
disagree never align (the discrepancy stage compares them); counts that agree ("more
than 300 people" / "a total of 312 people", ``discrepancies.counts_agree``) do not
disagree; "a total of 312 people" counts people. Two single units that report one event
the same way (``_shared_event``: the same content verb in the same tense and polarity,
with a same argument in the same role, and no fact coordinated with it that the other
lacks) align at a lower pair score, since the same fact told with other details
scores like another fact about the event. Candidate pairs come from each unit's nearest
neighbours, computed as a matrix product in blocks, so memory stays bounded and the only
quadratic part is a fast dense product. Clusters grow greedily from the best pairs with an
average-linkage check, and a claim never holds two units of one article. Pairs that come
close (``NEAR_SCORE``) but do not align make their claims ``related``: they may state one
fact with other details, so coverage calls neither one outlet's alone. A sentence can also
state another unit's fact in passing, in a time clause, a relative clause or a noun set
beside another ("…, two days after a flood swept away the footbridge"; "a shed operated by
Quayside Logistics, a private firm that leases it"), or as the main clause of a sentence
that goes on with them: such a clause or phrase
(``_pieces``) that scores ``RECALL_SCORE`` against a unit of another article, shares a
content verb (or a speech act that is news, "signed the bill") and other words with it and
states all of it (the unit is no longer than
``RECALL_WORDS`` times the phrase) makes that unit's claim ``recalled_by`` its own, one
way.

A claim whose text is a sentence from inside a longer quotation ("“We will rebuild the
quay.") says nothing of who is speaking; ``name_quoted_speakers`` gives it the speaker the
quote stage found.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from unidecode import unidecode

from newsprism.compare.discrepancies import counts_agree
from newsprism.compare.quotes import CUE_LEMMAS
from newsprism.language.models import embed
from newsprism.records import Article, Claim, Mention, Quote
from newsprism.summarize.extractive import loaded_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# MiniLM cosine of paraphrases of one fact is 0.6-0.85, of different facts about the same
# event 0.3-0.6. The link and merge thresholds were first set on invented paraphrase
# fixtures (tests/test_claims_*.py) and the seeds, then checked on ECB+
# (``python -m newsprism.evaluate.claims``, docs/QUALITY.md): at 0.55 ECB+'s coverage
# scores rise, but about half of the alignments it adds on the seeds join different
# statements (three about one planned meeting), so 0.6 stays.
MIN_UNIT_WORDS = 5  # shorter units are fragments, not claims
SPLIT_WORDS = 30  # sentences longer than this are split into clauses when they can be
MIN_CLAUSE_WORDS = 7  # a clause kept on its own needs at least this many words
NEIGHBOURS = 8  # candidate partners per unit
BLOCK = 1024  # rows of the similarity matrix computed at once
LEXICAL_WEIGHT = 0.3  # weight of content-lemma Jaccard in the pair score (rest: cosine)
LINK_SCORE = 0.6  # pair score needed to link two units
EVENT_LINK_SCORE = 0.45  # pair score that links two single units reporting one event
NEAR_SCORE = 0.55  # pair score at which two units that stay apart are related claims
CLUSTER_COSINE = 0.6  # mean cosine between two clusters needed to merge them
RECALL_SCORE = 0.6  # pair score at which a clause or phrase inside a unit states another unit
RECALL_WORDS = 1.5  # ... that has at most this many times the phrase's words
RECALL_SHARED_WORDS = 3  # ... and shares at least this many content words with it
RECALL_SHARE = 0.8  # a phrase stands apart when it holds at most this share of its unit's words
LOADED_PENALTY = 0.1  # the claim text: the most typical mention, less this per loaded word

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000,
}  # fmt: skip
_ADVERBIAL_MARKS = frozenset({"after", "before", "since", "until", "because", "while", "when"})
# Verbs under these marks recall or suppose an event rather than report it.
_NOT_REPORTED_MARKS = _ADVERBIAL_MARKS | {"if", "unless", "once"}
# Verbs that carry too little of the fact to say two units report one event.
_LIGHT_VERBS = frozenset(
    "be have do make take get give go come become put set keep let seem include begin start "
    "want need try use see know think".split()
)
# Speech verbs that are themselves the news ("the harbour master praised the crew", "the
# governor signed the bill"), unlike "say" or "add": a phrase that states a unit in passing
# may share one of these with it (``_verbs``). Events leave them out, so two different
# statements of one speaker never align by their verb.
_SPEECH_ACTS = frozenset(
    "praise thank hail condemn denounce decry criticize criticise blast slam accuse deny "
    "admit apologize apologise vow pledge promise threaten sign".split()
)
# Nouns that count what their "of" phrase names: an event's argument is the thing counted.
_QUANTITY_NOUNS = frozenset(
    "total number majority group handful dozen dozens hundred hundreds thousand thousands".split()
)
# An event's tense marker: a modal ("will" and "would" are one: reported speech turns the
# first into the second) or "to" for an infinitive; "" for a plain finite verb.
_MODALS = {"would": "will", "wo": "will", "'ll": "will"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


# (verb lemma, tense marker, negated): "closed", "will close" and "did not close" differ.
_EventKey = tuple[str, str, bool]


@dataclass(frozen=True)
class _Event:
    arguments: frozenset[tuple[str, str]]  # (role: s(ubject), o(bject) or p(repositional), lemma)
    coordinated: frozenset[str]  # content verbs joined to it by "and", "but", ...


@dataclass
class _Unit:
    article: int
    start: int
    end: int
    text: str
    lemmas: frozenset[str]
    numbers: frozenset[str]
    persons: frozenset[str]
    speakers: frozenset[str]  # people named as the subject of a speech verb
    focus: str  # what is compared: the text without a time or reason clause set off by a comma
    verbs: frozenset[str] = frozenset()  # lemmas of its content verbs and speech acts (``_SPEECH_ACTS``)
    events: Mapping[_EventKey, _Event] = field(default_factory=dict)  # the events it reports, by verb, tense and polarity
    days: frozenset[str] = frozenset()  # the days its main clause dates itself to (YYYY-MM-DD)
    # clauses and phrases inside it that may state another fact in passing (see ``_pieces``)
    pieces: tuple[_Unit, ...] = ()


def align_claims(
    articles: Sequence[Article],
    docs: Mapping[str, Doc],
    source_groups: Sequence[Sequence[str]],
) -> list[Claim]:
    """Every claim of the story with its mentions, most widely reported first."""
    units = [u for k, a in enumerate(articles) for u in _units(k, a, docs[a.id])]
    if not units:
        return []
    if len({u.article for u in units}) < 2:
        # a claim never holds two units of one article: with one article nothing can
        # align, so every unit is its own claim and no embedding is needed
        vectors, clusters, near = None, [[m] for m in range(len(units))], []
    else:
        vectors = embed([u.focus for u in units])
        links, near = _candidates(units, vectors)
        clusters = _cluster(units, vectors, links)
    group_of = {aid: g for g, members in enumerate(source_groups) for aid in members}
    claims = []
    for members in clusters:
        members.sort(key=lambda m: (units[m].article, units[m].start))
        article_ids = tuple(dict.fromkeys(articles[units[m].article].id for m in members))
        groups = {group_of.get(aid, aid) for aid in article_ids}
        best = members[0] if len(members) == 1 or vectors is None else _most_typical(members, units, vectors)
        mentions = tuple(
            Mention(articles[units[m].article].id, units[m].text, units[m].start, units[m].end)
            for m in members
        )
        claims.append((len(groups), article_ids, units[best].text, mentions, members[0]))
    order = {m: k for k, m in enumerate(sorted(range(len(units)), key=lambda m: (units[m].article, units[m].start)))}
    claims.sort(key=lambda c: (-c[0], -len(c[1]), order[c[4]]))
    position = {c[4]: k for k, c in enumerate(claims)}  # a claim by its first unit
    claim_of_unit = {m: position[members[0]] for members in clusters for m in members}
    related: dict[int, set[int]] = defaultdict(set)
    for i, j in near:
        a, b = claim_of_unit[i], claim_of_unit[j]
        if a != b:
            related[a].add(b)
            related[b].add(a)
    recalled_by: dict[int, set[int]] = defaultdict(set)
    if vectors is not None:
        for m, j in _recalls(units, vectors, claim_of_unit):
            recalled_by[claim_of_unit[j]].add(claim_of_unit[m])
    return [
        Claim(
            id=f"c{k + 1}", text=text, articles=ids, independent_sources=n, mentions=mentions,
            related=tuple(f"c{r + 1}" for r in sorted(related[k])),
            recalled_by=tuple(f"c{r + 1}" for r in sorted(recalled_by[k])),
        )
        for k, (n, ids, text, mentions, _) in enumerate(claims)
    ]


# A quote's span excludes its marks; a claim's shown text inside it may hold them.
QUOTE_MARK_SLACK = 2


def name_quoted_speakers(claims: Sequence[Claim], quotes: Sequence[Quote]) -> list[Claim]:
    """The claims, each whose shown text lies within one quote of a known speaker (so its
    words hold no attribution) given that speaker."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for quote in quotes:
        if quote.speaker:
            for mention in quote.mentions:
                spans[mention.article].append((mention.start, mention.end, quote.speaker))
    named = []
    for claim in claims:
        shown = next((m for m in claim.mentions if m.text == claim.text), None)
        speaker = shown and next(
            (
                who
                for start, end, who in spans.get(shown.article, ())
                if start - QUOTE_MARK_SLACK <= shown.start and shown.end <= end + QUOTE_MARK_SLACK
            ),
            None,
        )
        named.append(replace(claim, speaker=speaker) if speaker else claim)
    return named


def _most_typical(members: list[int], units: list[_Unit], vectors: np.ndarray) -> int:
    """The mention nearest the claim's centroid, less a penalty per loaded word."""
    centroid = vectors[members].mean(axis=0)
    return max(
        members,
        key=lambda m: (
            float(vectors[m] @ centroid) - LOADED_PENALTY * len(loaded_words(units[m].text)),
            -units[m].start,
        ),
    )


# --------------------------------------------------------------------------- units


def _units(index: int, article: Article, doc: Doc) -> list[_Unit]:
    units = []
    dated = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME")]
    for start, end in _body_spans(article, doc):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for s, e in _clauses(span):
            s, e = _trim(article.text, s, e)
            clause = doc.char_span(s, e, alignment_mode="expand")
            if clause is None or not _is_claim(clause):
                continue
            units.append(
                _unit_of(
                    index, article, clause, _main_clause(clause), dated,
                    events=_events(clause), pieces=_pieces(index, article, clause, dated),
                )
            )
    return units


def _unit_of(
    index: int,
    article: Article,
    span: Span,
    kept: list[Token],
    dated: list[Span],
    *,
    events: Mapping[_EventKey, _Event] | None = None,
    pieces: tuple[_Unit, ...] = (),
) -> _Unit:
    """The unit of ``span``, compared by the tokens ``kept`` (its main clause)."""
    s, e = _trim(article.text, span.start_char, span.end_char)
    return _Unit(
        article=index,
        start=s,
        end=e,
        text=article.text[s:e],
        lemmas=frozenset(t.lemma_.lower() for t in kept if t.is_alpha and not t.is_stop and len(t) > 2),
        numbers=_numbers(span),
        persons=_persons(span),
        speakers=_speakers(span),
        focus="".join(t.text_with_ws for t in kept).strip(),
        verbs=_verbs(span),
        events=events or {},
        days=_days(article, dated, kept),
        pieces=pieces,
    )


def _pieces(index: int, article: Article, clause: Span, dated: list[Span]) -> tuple[_Unit, ...]:
    """The clauses and phrases of a unit that may state a fact in passing: a time or reason
    clause ("…, two days after a judge ruled its closure unlawful"), a relative or
    participial clause with the noun it describes ("a storage shed operated by Quayside
    Logistics"), a noun set beside another ("Quayside Logistics, a private firm that leases
    the building"). Each needs a verb, ``MIN_CLAUSE_WORDS`` words and to leave out at least
    a fifth of its unit."""
    doc, total = clause.doc, sum(1 for t in clause if t.is_alpha)
    found: dict[tuple[int, int], Span] = {}
    inside: set[int] = set()  # the tokens of the clauses and phrases, not the nouns they describe
    for tok in clause:
        if tok.dep_ not in ("advcl", "relcl", "acl", "appos"):
            continue
        described = tok.dep_ != "advcl" and tok.head.pos_ in ("NOUN", "PROPN")
        lo = max(clause.start, (tok.head if described else tok).left_edge.i)
        hi = min(clause.end, tok.right_edge.i + 1)
        piece = doc[lo:hi]
        words = sum(1 for t in piece if t.is_alpha)
        if MIN_CLAUSE_WORDS <= words <= RECALL_SHARE * total and any(t.pos_ in ("VERB", "AUX") for t in piece):
            found[(lo, hi)] = piece
            inside.update(range(max(clause.start, tok.left_edge.i), hi))
    pieces = [_unit_of(index, article, piece, list(piece), dated) for piece in found.values()]
    # what is left once they are set aside states the sentence's main fact with fewer details
    trunk = [
        t for t in clause
        if t.i not in inside and not (t.is_punct and (t.i - 1 in inside or t.i + 1 in inside))
    ]
    while trunk and trunk[-1].is_punct:
        trunk.pop()
    words = sum(1 for t in trunk if t.is_alpha)
    verbs = _verbs(trunk)
    if found and MIN_UNIT_WORDS <= words <= RECALL_SHARE * total and verbs:
        gap = [" " if k + 1 < len(trunk) and trunk[k + 1].i != t.i + 1 else "" for k, t in enumerate(trunk)]
        text = "".join(t.text + (t.whitespace_ or space) for t, space in zip(trunk, gap, strict=True)).strip()
        pieces.append(replace(_unit_of(index, article, clause, trunk, dated), text=text, focus=text, verbs=verbs))
    return tuple(pieces)


def _days(article: Article, dated: list[Span], kept: list[Token]) -> frozenset[str]:
    """The calendar days the main clause names ("on Wednesday night", "March 9"; ``dated``:
    the article's date and time entities), resolved against the article's publication
    date; a time clause's dates are another fact's."""
    from newsprism.language.dates import resolve_at

    if not kept or not dated:
        return frozenset()
    kept_at = {t.i for t in kept}
    days = set()
    for ent in dated:
        if kept[0].i <= ent.root.i <= kept[-1].i and ent.root.i in kept_at:
            resolved = resolve_at(article.text, ent.start_char, ent.end_char, published=article.published)
            if resolved is not None and resolved.precision == "day":
                days.add(resolved.date)
    return frozenset(days)


def _main_clause(clause: Span) -> list[Token]:
    """The clause's tokens without a time or reason clause that has its own subject and is
    set off by a comma ("The council voted to reopen the library, two days after a judge
    ruled its closure unlawful" is compared as the vote), when both parts are long enough
    to be claims."""
    for tok in clause:
        comma = _adverbial_comma(tok)
        if comma is None or not (clause.start <= tok.left_edge.i and tok.right_edge.i < clause.end):
            continue
        dropped = set(range(tok.left_edge.i, tok.right_edge.i + 1)) | {comma.i}
        kept = [t for t in clause if t.i not in dropped]
        if min(sum(1 for t in kept if t.is_alpha), len(dropped) - 1) >= MIN_CLAUSE_WORDS:
            return kept
    return list(clause)


def _adverbial_comma(tok: Token) -> Token | None:
    """The comma between the main clause and ``tok`` when ``tok`` heads a time or reason
    clause of it with its own subject, else None."""
    if not (
        tok.dep_ == "advcl"
        and tok.head.dep_ == "ROOT"
        and _has_subject(tok)
        and any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in tok.children)
    ):
        return None
    sent = tok.sent
    if tok.i > tok.head.i:  # "..., two days after a judge ruled ..."
        before = tok.left_edge.i - 1
        return tok.doc[before] if before > sent.start and tok.doc[before].text == "," else None
    after = tok.right_edge.i + 1  # "After a judge ruled ..., the council voted ..."
    return tok.doc[after] if after < sent.end - 1 and tok.doc[after].text == "," else None


def _events(clause: Span) -> dict[_EventKey, _Event]:
    """The events a unit reports: its content verbs outside time or reason clauses, each
    with its arguments. A passive's subject is its object and its agent ("by the port")
    its subject; a relative or participial clause's verb takes the noun it describes.
    Pronouns are not arguments ("it" matches anything), nor are dates and times: "on
    Monday" does not make two closures one."""
    events: dict[_EventKey, _Event] = {}
    for verb in clause:
        if not _is_content_verb(verb) or _in_adverbial_clause(verb, clause):
            continue
        arguments = set()
        for child in verb.children:
            if child.dep_ == "nsubj":
                arguments.add(("s", child))
            elif child.dep_ in ("nsubjpass", "dobj"):
                arguments.add(("o", child))
            elif child.dep_ == "agent":
                arguments.update(("s", g) for g in child.children if g.dep_ == "pobj")
            elif child.dep_ == "prep":
                arguments.update(("p", g) for g in child.children if g.dep_ == "pobj")
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            passive = verb.tag_ == "VBN" or any(c.dep_ == "nsubjpass" for c in verb.children)
            arguments.add(("o" if passive or any(c.dep_ == "nsubj" for c in verb.children) else "s", verb.head))
        lemmas = frozenset(
            (role, _counted(tok).lemma_.lower())
            for role, tok in arguments
            if tok.pos_ in ("NOUN", "PROPN", "NUM") and tok.ent_type_ not in ("DATE", "TIME")
        )
        linked = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
        coordinated = frozenset(t.lemma_.lower() for t in linked if _is_content_verb(t))
        key = (verb.lemma_.lower(), _tense(verb), any(c.dep_ == "neg" for c in verb.children))
        known = events.get(key)
        if known:
            lemmas, coordinated = lemmas | known.arguments, coordinated | known.coordinated
        events[key] = _Event(lemmas, coordinated)
    return events


def _counted(token: Token) -> Token:
    """What a quantity noun counts: "people" for "a total of 212 people", "residents" for
    "hundreds of residents"; any other token itself."""
    if token.lemma_.lower() in _QUANTITY_NOUNS:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for noun in prep.children:
                    if noun.dep_ == "pobj":
                        return noun
    return token


def _is_content_verb(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ == "VERB" and lemma not in _LIGHT_VERBS and lemma not in CUE_LEMMAS


def _verbs(tokens: Iterable[Token]) -> frozenset[str]:
    """The lemmas of the content verbs and speech acts among ``tokens``."""
    return frozenset(
        t.lemma_.lower() for t in tokens if _is_content_verb(t) or (t.pos_ == "VERB" and t.lemma_.lower() in _SPEECH_ACTS)
    )


def _tense(verb: Token) -> str:
    for child in verb.children:
        if child.dep_ == "aux" and child.tag_ == "MD":
            return _MODALS.get(child.lower_, child.lower_)
        if child.dep_ == "aux" and child.tag_ == "TO":
            return "to"
    return ""


def _in_adverbial_clause(verb: Token, clause: Span) -> bool:
    """Whether the verb lies in a time, reason or condition clause ("after the war ends",
    "if the quay stays shut") of the unit."""
    tok = verb
    while tok.i != tok.head.i and clause.start <= tok.i < clause.end:
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _NOT_REPORTED_MARKS for c in tok.children):
            return True
        tok = tok.head
    return False


def _body_spans(article: Article, doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans without headings, cut at paragraph breaks.

    spaCy sometimes runs a heading or the previous paragraph into a sentence; the parts
    that belong to a heading are dropped and each paragraph is its own unit.
    """
    headings = [(h.start, h.end) for h in article.headings]
    spans = []
    for sent in doc.sents:
        for piece in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", article.text[sent.start_char : sent.end_char]):
            start, end = sent.start_char + piece.start(), sent.start_char + piece.end()
            for h_start, h_end in headings:
                if h_start <= start < h_end:
                    start = h_end
            start, end = _trim(article.text, start, end)
            if end > start:
                spans.append((start, end))
    return spans


def _clauses(sent: Span) -> list[tuple[int, int]]:
    """Character spans of the clauses of a long multi-fact sentence (or the sentence)."""
    words = [t for t in sent if not t.is_punct]
    if len(words) <= SPLIT_WORDS:
        return [(sent.start_char, sent.end_char)]
    cuts = []
    for tok in sent:
        if tok.text == ";":
            cuts.append(tok)
        elif (
            tok.dep_ == "cc"
            and tok.i > sent.start
            and tok.nbor(-1).text == ","
            and tok.head.dep_ == "ROOT"
            and any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and _has_subject(c) for c in tok.head.children)
        ):
            cuts.append(tok.nbor(-1))
    spans = []
    start = sent.start_char
    for cut in cuts:
        spans.append((start, cut.idx))
        start = cut.idx + len(cut.text)
    spans.append((start, sent.end_char))
    text = sent.text  # the span's own text: ``doc.text`` would rebuild the whole document
    counts = [len(text[s - sent.start_char : e - sent.start_char].split()) for s, e in spans]
    if len(spans) == 1 or min(counts) < MIN_CLAUSE_WORDS:
        return [(sent.start_char, sent.end_char)]
    return spans


def _has_subject(token: object) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)  # type: ignore[attr-defined]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    stripped = chunk.strip().lstrip(",;:—–- ").strip()
    lead = chunk.find(stripped) if stripped else 0
    return start + lead, start + lead + len(stripped)


def _is_claim(span: Span) -> bool:
    text = span.text.strip()
    if text.endswith("?") or text.rstrip("”\"’'").endswith("?"):
        return False
    if sum(1 for t in span if t.is_alpha) < MIN_UNIT_WORDS:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def _persons(span: Span) -> frozenset[str]:
    """The people a unit names, each by the first letters of its last word without accents
    ("Lindqvist's" and "Marta Lindqvist" are both ``lindq``; "Kovač" and "Kovach" both
    ``kovac``)."""
    # The entities wholly inside the span, read from the tokens' IOB tags: Span.ents scans
    # the whole document's entities, which made each unit cost the length of its article.
    doc, found = span.doc, set()
    i = span.start
    while i < span.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        end = i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end <= span.end and doc[i].ent_type_ == "PERSON":
            words = [t.text for t in doc[i:end] if t.is_alpha]
            if words:
                found.add(_person_key(words[-1]))
        i = end
    return frozenset(found)


def _speakers(span: Span) -> frozenset[str]:
    """The people a unit has speaking ("Sybiha said", "said Lindqvist"), keyed as in
    ``_persons`` (the subject of a name is its last word)."""
    return frozenset(
        _person_key(tok.text)
        for tok in span
        if tok.dep_ in ("nsubj", "nsubjpass")
        and tok.ent_type_ == "PERSON"
        and tok.is_alpha
        and tok.head.lemma_.lower() in CUE_LEMMAS
    )


def _person_key(word: str) -> str:
    return unidecode(word).lower()[:5]


def _numbers(span: Span) -> frozenset[str]:
    found = set()
    for tok in span:
        low = tok.text.lower()
        if low in _NUMBER_WORDS:
            found.add(str(_NUMBER_WORDS[low]))
        elif _NUMBER.fullmatch(tok.text):
            found.add(tok.text.replace(",", ""))
    return frozenset(found)


# --------------------------------------------------------------------------- alignment


def _conflict(a: _Unit, b: _Unit) -> bool:
    """Numbers, speakers or people that disagree keep two units apart.

    Numbers disagree when each unit has some and they share none. Speakers disagree when
    each unit has a named person saying it and none is the same ("Putin said he would
    meet" / "Sybiha said Zelensky would meet"). People disagree when each unit names
    someone and neither names, even in passing, anyone the other does: the small
    parser's entity tags miss names often enough ("Palin" untagged in one sentence) that
    comparing tagged names alone keeps paraphrases apart.
    """
    if a.numbers and b.numbers and not (a.numbers & b.numbers) and not counts_agree(a.text, b.text):
        return True
    if a.speakers and b.speakers and not (a.speakers & b.speakers):
        return True
    if not (a.persons and b.persons):
        return False
    a_text, b_text = _folded(a.text), _folded(b.text)
    return not any(p in b_text for p in a.persons) and not any(p in a_text for p in b.persons)


@lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    """``text`` in lower case without accents, remembered: a unit meets several others."""
    return unidecode(text).lower()


def _other_days(a: _Unit, b: _Unit) -> bool:
    """Both units date what they say, and to no same day: two facts, not one told twice
    ("voted on Wednesday night to reopen the library" / "a judge ruled on Monday")."""
    return bool(a.days and b.days and not a.days & b.days)


def _pair_score(a: _Unit, b: _Unit, cosine: float) -> float:
    union = a.lemmas | b.lemmas
    lexical = len(a.lemmas & b.lemmas) / len(union) if union else 0.0
    return (1 - LEXICAL_WEIGHT) * cosine + LEXICAL_WEIGHT * lexical


def _shared_event(a: _Unit, b: _Unit) -> bool:
    """Whether two units report one event the same way: the same content verb in the same
    tense and polarity, with a same argument in the same role, and no verb coordinated with
    it on either side that the other unit lacks ("held a licence and passed every
    inspection" adds a fact to "passed an inspection")."""
    for key, event in a.events.items():
        other = b.events.get(key)
        if (
            other is not None
            and event.arguments & other.arguments
            and event.coordinated <= b.verbs
            and other.coordinated <= a.verbs
        ):
            return True
    return False


def _candidates(
    units: list[_Unit], vectors: np.ndarray
) -> tuple[list[tuple[float, int, int, bool]], list[tuple[int, int]]]:
    """Scored pairs of units from different articles among each unit's nearest neighbours,
    each marked whether only a shared event links it (a score under ``LINK_SCORE``), and
    the pairs that relate their claims when they end in two: those that score
    ``NEAR_SCORE`` without linking, and the links the merge checks keep apart."""
    n = len(units)
    owner = np.array([u.article for u in units])
    k = min(NEIGHBOURS, n - 1)
    pairs: dict[tuple[int, int], tuple[float, bool]] = {}
    near: set[tuple[int, int]] = set()
    if k <= 0:
        return [], []
    for lo in range(0, n, BLOCK):
        sims = vectors[lo : lo + BLOCK] @ vectors.T
        rows = np.arange(sims.shape[0])
        sims[owner[lo : lo + BLOCK, None] == owner[None, :]] = -1.0  # same article
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n else np.argsort(-sims, axis=1)
        for r in rows:
            i = lo + r
            for j in top[r]:
                cosine = float(sims[r, j])
                if cosine <= 0 or i == j:
                    continue
                key = (min(i, int(j)), max(i, int(j)))
                if key in pairs or key in near or _conflict(units[i], units[j]):
                    continue
                score = _pair_score(units[i], units[j], cosine)
                if score >= LINK_SCORE:
                    pairs[key] = (score, False)
                elif score >= EVENT_LINK_SCORE and _shared_event(units[i], units[j]):
                    pairs[key] = (score, True)
                elif score >= NEAR_SCORE and not _other_days(units[i], units[j]):
                    near.add(key)
    links = sorted(((s, i, j, event) for (i, j), (s, event) in pairs.items()), reverse=True)
    return links, [*near, *((i, j) for _, i, j, _ in links)]


def _recalls(units: list[_Unit], vectors: np.ndarray, claim_of_unit: Mapping[int, int]) -> set[tuple[int, int]]:
    """Pairs (unit, other unit) where a clause or phrase of the first (``_Unit.pieces``)
    states the second, of another article and claim: a content verb or speech act and
    ``RECALL_SHARED_WORDS`` content words in common (the verb counts), the other unit no
    longer than ``RECALL_WORDS`` times the phrase (a phrase that matches only part of a
    longer sentence does not state that sentence), a pair score of ``RECALL_SCORE``, and no
    disagreeing numbers, speakers, people or days. Only a phrase with a candidate that
    passes the first two tests is embedded."""
    with_verb: dict[str, list[int]] = defaultdict(list)
    for j, unit in enumerate(units):
        for verb in unit.verbs:
            with_verb[verb].append(j)
    lengths = [len(unit.text.split()) for unit in units]
    pieces = []
    for m, unit in enumerate(units):
        for piece in unit.pieces:
            limit = RECALL_WORDS * len(piece.text.split())
            candidates = {
                j
                for verb in piece.verbs
                for j in with_verb.get(verb, ())
                if lengths[j] <= limit
                and units[j].article != unit.article
                and claim_of_unit[j] != claim_of_unit[m]
                and len(piece.lemmas & units[j].lemmas) >= RECALL_SHARED_WORDS
            }
            if candidates:
                pieces.append((m, piece, sorted(candidates)))
    if not pieces:
        return set()
    found = set()
    piece_vectors = embed([piece.focus for _, piece, _ in pieces])
    for (m, piece, candidates), vector in zip(pieces, piece_vectors, strict=True):
        for j, cosine in zip(candidates, vectors[candidates] @ vector, strict=True):
            if (
                _pair_score(piece, units[j], float(cosine)) >= RECALL_SCORE
                and not _conflict(piece, units[j])
                and not _other_days(piece, units[j])
            ):
                found.add((m, j))
    return found


def _cluster(
    units: list[_Unit], vectors: np.ndarray, links: list[tuple[float, int, int, bool]] | None = None
) -> list[list[int]]:
    """Greedy average-linkage clustering over candidate pairs (``links``, by default those of
    ``_candidates``), one unit per article. Two single units linked by a shared event join
    whatever their cosine; bigger claims still need the mean cosine, which keeps a claim
    from taking in another fact about the event."""
    if links is None:
        links = _candidates(units, vectors)[0]
    cluster_of = list(range(len(units)))
    members: dict[int, list[int]] = {k: [k] for k in range(len(units))}
    sums: dict[int, np.ndarray] = {k: vectors[k].astype(np.float64) for k in range(len(units))}
    for _, i, j, by_event in links:
        a, b = cluster_of[i], cluster_of[j]
        if a == b:
            continue
        ma, mb = members[a], members[b]
        if {units[m].article for m in ma} & {units[m].article for m in mb}:
            continue
        single = len(ma) == len(mb) == 1
        if not (by_event and single) and float(sums[a] @ sums[b]) / (len(ma) * len(mb)) < CLUSTER_COSINE:
            continue
        if any(_conflict(units[x], units[y]) for x in ma for y in mb):
            continue
        keep, drop = (a, b) if len(ma) >= len(mb) else (b, a)
        for m in members[drop]:
            cluster_of[m] = keep
        members[keep].extend(members.pop(drop))
        sums[keep] = sums[keep] + sums.pop(drop)
    return list(members.values())
