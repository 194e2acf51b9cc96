"""Direct quotes, who said them, and the same utterance matched across outlets.

A quote is the text between quotation marks: curly (“ ”, „ “, « ») or straight ("), with
nested single quotes left inside; single quotes (‘ ’) act as the outer marks only in a
paragraph that has no double marks. A quote may span sentences and paragraphs: an opening
mark still open at the end of a paragraph continues when the next paragraph opens with a
mark (the news convention for multi-paragraph quotes).

**Mention offsets exclude the quotation marks**: ``article.text[start:end] == text`` is the
quoted words only, trimmed of surrounding white space and of a final comma or semicolon
that belongs to the reporting sentence ("...targets,” he said" gives "...targets").
For a quote spanning paragraphs the mention runs from its first word to its last, paragraph
breaks and the re-opening mark included.

The speaker is found in this order:

1. A cue (``CUE_LEMMAS``: said, stated, told, wrote, added, warned, ...) in the quote's
   sentence, in the sentence just before it (or ending with a colon, also across a
   paragraph break before a block quote) or in a short sentence starting at the closing
   mark, always inside the quote's paragraph and outside any quote; cues in the quote's
   own sentence that govern it win, then the nearest. Its subject ("X said", "said X",
   "he continued") is the speaker; from participles and clauses ("..., stating that ...",
   "emailed supporters saying") the search climbs to the governing verb's subject; a
   passive cue gives its agent ("was asked by X"); "according to X" gives X. A clause
   ending with a colon right before the quote gives its verb's subject. A cue inside what
   another speech verb reports ("X said he agreed and added, “…”") gives way to the outer
   verb; a noun right after a speech verb that follows the closing mark is its speaker
   ("…,” said the veteran"). Of several subjects, one that can speak and names a person
   wins ("LONDON (Reuters) - Ann Lee said"), and a title joined to a name gives the name;
   "the 46-year-old" and "one of the witnesses" can speak.
2. When the parse found no speaker: "…,” he wrote" / "…,” said Smith" / "…,” said retired
   judge Ana Roe," / "…,” Ana Roe, 58, told" right after the closing mark, "Continued Stone:" / "More from Jones:" /
   "Name:" right before the opening mark (also on the line before a block quote), a
   headline "Name: … ‘quote’", or a "-Name, title" line under a block quote.
3. A person, group or speaking noun that is the subject of the quote's sentence ("Cruz
   blamed the law on “…”", "Two analysts found that …"). Then, for a quote that is a
   paragraph of its own with no cue, after a paragraph whose last sentence has a speech
   verb ("Lee praised the crews."): that verb's subject.
4. Still none: a quote in the same paragraph as the previous quote or opening the next
   paragraph continues the previous quote's speaker. Titles (``TITLE_MAX_WORDS``
   capitalised words, "Morning Joe") skip 3 and 4.

The speaker phrase is then resolved to an entity: a name through the entity index (a
surname several people share goes to the one named last before the quote); a pronoun to
the most recent person named as a subject or a speaker before the quote in the article
("it"/"they" to an organisation); a description ("the Russian leader", "the harbour
minister") to the person the article (then the story) described with those words
("Kremlin spokesperson Dmitry Peskov", "Russian President Vladimir Putin"), only when
exactly one person fits.

Otherwise the speaker stays None: never guessed. ``speaker_mention`` is the words the
article used ("he", "the Kremlin spokesperson"; for a continuation, the words that named
the speaker of the quote it continues), ``speaker_start``/``speaker_end`` where they stand,
and ``speaker`` on the Quote the canonical name. Quotes of fewer than
``MIN_WORDS_UNATTRIBUTED`` words with no speaker are dropped (scare quotes).

Across articles, mentions of the same utterance form one Quote: same speaker (or one
unknown) and near-identical wording (``SAME_WORDING``) or a shorter rendering contained in
a longer one (``CONTAINED``). Then groups of one known speaker that no article quotes
together are joined when their renderings are close in meaning by sentence embeddings
(``SAME_MEANING``, translations and rewordings), or when they are candidates above
``SAME_UTTERANCE_GROUPS`` of each other and of no group outside their set (two outlets'
rewordings; three outlets' that are each close to the other two). An article quoting
both groups proves they are two utterances, so those never join, however alike their
words. A description resolves to a person the story names with a title of that office
("the judge" to "Justice Harriet Lomax", ``TITLE_ROLES``), or to the one organisation the
story describes with its words ("the company" to "Quayside Logistics, a private firm",
``FIRM_WORDS``); a plural ("the lawyers") names no one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from unidecode import unidecode

from newsprism.compare.entities import TITLES, EntityIndex, merge_entities, strip_title
from newsprism.compare.groups import Groups
from newsprism.records import Article, Entity, Quote, QuoteMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Verbs (lemmas) that introduce speech or writing.
CUE_LEMMAS = frozenset(
    """
    say state tell add continue declare argue warn write explain note insist claim ask reply
    respond tweet post announce remark comment acknowledge admit recall suggest urge vow
    promise predict call describe agree conclude complain joke quip observe stress emphasize
    emphasise assert maintain contend deny repeat reiterate testify report recount shout yell
    exclaim proclaim boast concede caution threaten demand mock scoff lament charge accuse
    blast slam praise tout pledge answer counter retort muse whisper sigh laugh opine reveal
    confirm affirm allege estimate echo cite quote read tell summarize summarise put thank
    label dub term chant hail decry denounce condemn criticize criticise question wonder swear
    brand text email message sign point preach plead pray proclaim lecture reason rail react
    snap gush rant growl snarl thunder chide scold taunt tease sneer interject bark
    """.split()
)
# A sentence starting right after a closing mark lends its speech verb only from its first
# this many tokens ("...” a voice-over in the ad states, ..."); 12 is the longest
# "said X, a spokesman for Y" opening; not tuned further.
FOLLOWING_CUE_WORDS = 12
# Longest phrase (tokens) taken as the speaker after an inverted verb the parse missed
# ("...,” said retired surgeon Ben Carson, ..."); not tuned.
SPEAKER_PHRASE_WORDS = 8
# Quotes of at most this many words with no speaker found are dropped: they are mostly scare
# quotes and titles ("so-called “reforms”"). Chosen on PolNeAR train (see evaluate/quotes.py):
# 3 kept recall of attributed quotes while removing most unattributed titles and terms.
MIN_WORDS_UNATTRIBUTED = 4
# A quote of at most this many words, all capitalised, is a title ("Meet the Press"): it gets
# a speaker only from a speech verb, never from the continuation or clause rules.
TITLE_MAX_WORDS = 5
# Two renderings are the same utterance when rapidfuzz's ratio on their normalised words is
# at least this (outlets differ in punctuation, a word or two, British/American spelling).
SAME_WORDING = 80
# A shorter rendering inside a longer one: partial_ratio at least this, and the shorter has at
# least CONTAINED_MIN_WORDS words (shorter partial quotes must match exactly, same speaker).
CONTAINED = 92
CONTAINED_MIN_WORDS = 3
# Cosine of MiniLM embeddings. On the seeds, renderings of one utterance by two outlets
# score 0.90 (median) and different utterances of one speaker in two articles at most 0.61;
# on the demo corpus the minister's pledge reworded by other outlets scores 0.81-0.87.
SAME_MEANING = 0.78
SAME_MEANING_MIN_WORDS = 5
# Two groups of one speaker's renderings that never share an article and whose mean cosine is
# at least this are one utterance reworded by each outlet ("will not reopen the quay" /
# "no ship docks before each container is inspected": mean 0.67 on the demo corpus), when
# each is the other's only such candidate, or three or more are each a candidate of all the
# others (the demo's judge, worded three ways: 0.63-0.73). Set above the seeds' 0.61 for
# different utterances.
SAME_UTTERANCE_GROUPS = 0.63
# Renderings scored against the others this many at a time (a block's scores are one byte a pair).
PAIR_BLOCK_ROWS = 1000
# Pronouns that refer back to a person, and those that may refer to an organisation.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "it", "we"})
# Common nouns that can be the subject of a speech verb (besides titles): people, groups
# and sources.
SPEAKING_NOUNS = frozenset(
    """
    official officials source sources analyst analysts expert experts agency ministry office
    government campaign statement spokesperson spokesman spokeswoman representative lawmaker
    lawmakers diplomat diplomats aide aides adviser advisers advisor people person man woman
    resident residents witness witnesses voter voters supporter supporters critic critics
    observer observers member members officer officers police report reports document
    committee council department administration white house team party group company firm
    leader leaders president minister ministers chief executive candidate candidates
    official's ambassador envoy general commander military army democrat democrats
    republican republicans senator senators governor mayor judge court prosecutor prosecutors
    lawyer lawyers attorney attorneys organizer organizers activist activists protester
    protesters worker workers doctor doctors scientist scientists researcher researchers
    economist economists journalist journalists reporter reporters editor author writer
    survey poll study letter memo email post tweet message interview speech release
    friend friends family father mother son daughter wife husband brother sister newspaper
    paper magazine network outlet website site station channel book article headline ad
    advertisement sign group organization organisation association union coalition resident
    complaint lawsuit suit filing ruling order decision motion indictment board commission
    panel crowd audience website blog account spokesperson
    student agent correspondent opponent respondent participant ally allies camp
    student students teacher professor director chairman chairwoman founder owner
    host hosts anchor colleague colleagues child children kid kids counsel surrogate
    surrogates graduate surgeon neurosurgeon tabloid pundit pundits delegate delegates
    donor donors fan fans parent parents veteran veterans rival rivals nominee
    """.split()
)
# Head words of descriptions that name a leader by office ("the Russian leader").
LEADER_WORDS = frozenset({"leader", "president", "premier", "chancellor", "minister", "head"})

# Opening mark -> marks that may close it; outlets mix curly and straight marks in one quote.
_OPENERS = {"“": "”\"", "„": "“”", "«": "»", '"': '"”'}
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Raw:
    start: int  # inner offsets, marks excluded
    end: int
    paragraph: int
    opens_paragraph: bool


@dataclass(frozen=True)
class _Speaker:
    mention: str | None
    start: int | None
    end: int | None
    name: str | None  # canonical
    cue: str | None


# --------------------------------------------------------------------------- quote spans


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner spans ``(start, end)`` of every quotation in ``text`` (marks excluded)."""
    return [(r.start, r.end) for r in _raw_quotes(text)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _raw_quotes(text: str) -> list[_Raw]:
    paragraphs = _paragraphs(text)
    found: list[_Raw] = []
    carry: tuple[int, str, int] | None = None  # (inner start, closers, paragraph) left open
    for number, (p_start, p_end) in enumerate(paragraphs):
        lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        has_double = any(ch in text[p_start:p_end] for ch in '“”„«"')
        opened_at, closers = None, ""
        opened_paragraph = number
        pos = lead
        if carry is not None:
            if text[lead] in _OPENERS or text[lead] == _SINGLE_OPEN:
                opened_at, closers, opened_paragraph = carry[0], carry[1], carry[2]
                pos = lead + 1
            else:
                found.append(_trimmed(text, carry[0], paragraphs[number - 1][1], number - 1))
            carry = None
        while pos < p_end:
            ch = text[pos]
            if opened_at is None:
                if ch in _OPENERS or (not has_double and ch == _SINGLE_OPEN and _single_opens(text, pos)):
                    opened_at, closers, opened_paragraph = pos + 1, _OPENERS.get(ch, _SINGLE_CLOSE), number
            elif ch in closers and not (closers == _SINGLE_CLOSE and not _single_closes(text, pos)):
                found.append(_trimmed(text, opened_at, pos, number))
                opened_at = None
            elif ch == "“" and "”" in closers and "“" not in closers:
                # An opening mark inside an open quote: the previous one was never closed.
                opened_at, opened_paragraph = pos + 1, number
            pos += 1
        if opened_at is not None:
            carry = (opened_at, closers, opened_paragraph)
    if carry is not None:
        found.append(_trimmed(text, carry[0], paragraphs[-1][1], len(paragraphs) - 1))
    result = []
    for raw in found:
        if raw.end > raw.start and _WORD.search(text[raw.start : raw.end]):
            result.append(raw)
    return result


def _single_opens(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    return (before.isspace() or before in "([—–-") and pos + 1 < len(text) and text[pos + 1].isalnum()


def _single_closes(text: str, pos: int) -> bool:
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return not after.isalnum()


def _trimmed(text: str, start: int, end: int, paragraph: int) -> _Raw:
    """The quote between ``start`` (just after the opening mark) and ``end`` (the closing mark)."""
    line_start = text.rfind("\n", 0, start) + 1
    opens = not text[line_start : start - 1].strip()
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return _Raw(start, end, paragraph, opens)


# --------------------------------------------------------------------------- attribution


def _is_subject(token: Token) -> bool:
    """A verb's subject, or the name set beside one ("Saltmere's fire chief, Oren Blackwood,
    said …": the name stands in apposition to the subject)."""
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass"))


class _Context:
    """What one article says about people, for resolving pronouns and descriptions."""

    def __init__(self, article: Article, doc: Doc, index: EntityIndex, story_descriptions: dict[str, set[str]]) -> None:
        self.article = article
        self.doc = doc
        self.index = index
        self.story_descriptions = story_descriptions
        # (position, canonical name, words, start, end) of people named as subjects
        self.subjects: list[tuple[int, str, str, int, int]] = []
        self.groups: list[tuple[int, str, str, int, int]] = []
        self.descriptions: list[tuple[int, str, set[str]]] = []
        self.people: list[tuple[int, str]] = []  # every person named, in order
        for ent in doc.ents:
            entity = index(ent.text) if ent.label_ in ("PERSON", "ORG", "NORP", "GPE") else None
            if entity is None:
                continue
            record = (ent.start_char, entity.name, ent.text, ent.start_char, ent.end_char)
            if entity.type == "PERSON":
                self.people.append((ent.start_char, entity.name))
                if _is_subject(ent.root):
                    self.subjects.append(record)
            elif ent.root.dep_ in ("nsubj", "nsubjpass") and entity.type == "ORG":
                self.groups.append(record)
            if entity.type in ("PERSON", "ORG") and (words := _description_words(ent)):
                self.descriptions.append((ent.start_char, entity.name, words))

    def resolve(self, phrase: Span, head: Token, position: int, speakers: list[tuple[int, _Speaker]]) -> str | None:
        word = head.lower_
        if head.pos_ == "PRON" or word in PERSON_PRONOUNS | GROUP_PRONOUNS:
            if word in PERSON_PRONOUNS:
                pool = [(p, n) for p, n, *_ in self.subjects] + [(p, s.name) for p, s in speakers if s.name]
            elif word in GROUP_PRONOUNS:
                pool = [(p, n) for p, n, *_ in self.groups]
            else:
                return None
            before = [(p, n) for p, n in pool if p < position and n]
            return max(before)[1] if before else None
        entity = self.index(phrase.text)
        if entity is not None:
            return entity.name
        surname = strip_title(phrase.text)[0]
        if surname[:1].isupper() and " " not in surname:
            # A surname several people share: the one of them named last before the quote.
            named = [(p, n) for p, n in self.people if p < position and n.split()[-1] == surname]
            if named:
                return max(named)[1]
        described = self._by_description(phrase, head, position)
        if described is not None:
            return described
        if head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or head.pos_ == "PROPN":
            name = strip_title(phrase.text)[0]
            return name if name[:1].isupper() and name.lower() not in TITLES else None
        return None

    def _by_description(self, phrase: Span, head: Token, position: int) -> str | None:
        words = {t.lemma_.lower() for t in phrase if not t.is_stop and t.is_alpha}
        head_word = head.lemma_.lower()
        if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ == "PERSON" or head.tag_ in ("NNS", "NNPS"):
            return None  # "pollsters" is no one person or firm

        def fits(described: set[str]) -> bool:
            heads = {head_word} | (LEADER_WORDS if head_word in LEADER_WORDS else set()) | FIRM_WORDS.get(head_word, set())
            if not described & heads:
                return False
            modifiers = words - {head_word}
            return all(any(_stem(m) == _stem(d) for d in described) for m in modifiers)

        local = {name for p, name, described in self.descriptions if p < position and fits(described)}
        if len(local) == 1:
            return local.pop()
        if not local:
            story = {name for name, described in self.story_descriptions.items() if fits(described)}
            if len(story) == 1:
                return story.pop()
        return None


def _stem(word: str) -> str:
    """Enough of a word to match "Russia"/"Russian", "harbour"/"harbor"."""
    return word[:5]


# Words for a business that a report uses one for another: "the company" is the firm
# described as "a private firm".
FIRM_WORDS = {"company": {"firm"}, "firm": {"company"}}
# Titles before a name, and the nouns a report uses for the office when it drops the name:
# "Justice Harriet Lomax" is "the judge", "Sen. Ann Lee" "the senator".
TITLE_ROLES = {
    "justice": {"judge"}, "sen": {"senator"}, "rep": {"representative", "congressman", "congresswoman"},
    "gov": {"governor"}, "gen": {"general"}, "dr": {"doctor"}, "prof": {"professor"},
    "det": {"detective"}, "sgt": {"sergeant"}, "capt": {"captain"}, "lt": {"lieutenant"},
    "supt": {"superintendent"}, "insp": {"inspector"}, "col": {"colonel"}, "adm": {"admiral"},
}


def _description_words(ent: Span) -> set[str]:
    """Lemmas describing a person in its noun phrase: "Kremlin spokesperson", "Russian President",
    and the office a title names ("Justice Harriet Lomax": "justice" and "judge")."""
    doc = ent.doc
    words: set[str] = set()
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case") and i < doc[i].head.i < ent.end:
        word = doc[i].text.lower().rstrip(".")  # "Sen." as "sen"
        if word.isalpha():
            words.add(doc[i].lemma_.lower() if doc[i].is_alpha else word)
            words |= TITLE_ROLES.get(word, set())
        i -= 1
    for child in ent.root.children:
        if child.dep_ == "appos":
            words |= {t.lemma_.lower() for t in child.subtree if t.is_alpha and not t.is_stop}
    if ent.root.dep_ == "appos":
        words |= {t.lemma_.lower() for t in ent.root.head.subtree if t.is_alpha and not t.is_stop and t.i < ent.start}
    words -= {w.lower() for w in ent.text.split()}
    return {w for w in words if w not in ("'s", "the")}


def story_descriptions(articles: Sequence[Article], docs: Mapping[str, Doc], index: EntityIndex) -> dict[str, set[str]]:
    """Canonical name of a person or an organisation -> every description word the story's
    articles use for them ("Quayside Logistics, a private firm": "private", "firm")."""
    result: dict[str, set[str]] = {}
    for article in articles:
        doc = docs.get(article.id)
        if doc is None:
            continue
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            entity = index(ent.text)
            if entity is not None and (ent.label_ == "PERSON" or entity.type == "ORG"):
                result.setdefault(entity.name, set()).update(_description_words(ent))
    return result


class _Spans(tuple):  # type: ignore[type-arg]
    """An article's quote spans, in their order, indexed so that ``_in_any`` answers in
    log time: scanning them all for every token made an article of many quotes cost the
    square of its length."""

    starts: list[int]
    max_ends: list[int]

    def __new__(cls, spans: Sequence[tuple[int, int]]) -> _Spans:
        made = super().__new__(cls, spans)
        ordered = sorted(spans)
        made.starts = [start for start, _ in ordered]
        made.max_ends = list(accumulate((end for _, end in ordered), max))
        return made


def _in_any(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``position`` lies in one of ``spans`` or on a character next to it."""
    if isinstance(spans, _Spans):
        last = bisect_right(spans.starts, position + 1) - 1  # the last span starting by position + 1
        return last >= 0 and position < spans.max_ends[last] + 1
    return any(s - 1 <= position < e + 1 for s, e in spans)


def _find_cue(
    doc: Doc, raw: _Raw, quotes: Sequence[tuple[int, int]], text: str, sentences: Sequence[Span]
) -> Token | None:
    """The speech verb (or "according") that introduces the quote, None when there is none.
    ``sentences`` are ``doc``'s (``doc.sents`` walks every token, so the caller lists them once)."""
    sents = [s for s in sentences if s.end_char > raw.start and s.start_char < raw.end]
    if not sents:
        return None
    first, last = sents[0], sents[-1]
    paragraph_break = re.compile(r"\n\s*\n")
    extra = []
    colon: Span | None = None  # a sentence introducing the quote with a colon
    if first.start > 0:
        previous = doc[first.start - 1].sent
        gap = text[previous.end_char : raw.start]
        if previous.text.rstrip().endswith(":") and not gap.strip(" \t\n“\"‘"):
            colon = previous  # may stand in the paragraph before a block quote
            extra.append(previous)
        elif not paragraph_break.search(text[_own_start(previous) : raw.start]) and gap.strip() in ("", ":", "“", "\""):
            extra.append(previous)
    if last.end < len(doc):
        following = doc[last.end].sent
        between = text[raw.end : following.start_char]
        # Only a sentence that starts right after the closing mark ("...!” he wrote."), and
        # only its first words ("...” some protesters chanted, three days after ...").
        if not between.strip(" \t”\"’».,!?—–-"):
            extra.append(following[:FOLLOWING_CUE_WORDS] if len(following) > 12 else following)
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    quote_tokens = {t.i for t in span} if span is not None else set()
    breaks_before = [m.end() for m in paragraph_break.finditer(text, 0, raw.start)]
    paragraph_start = breaks_before[-1] if breaks_before else 0
    if colon is not None:
        paragraph_start = min(paragraph_start, colon.start_char)
    after = paragraph_break.search(text, raw.end)
    paragraph_end = after.start() if after else len(text)
    ancestors: set[int] = set()
    for i in quote_tokens:
        ancestors.update(a.i for a in doc[i].ancestors)
    best: tuple[tuple[int, int, int], Token] | None = None
    for sent in sents + extra:
        for token in sent:
            if _in_any(token.idx, quotes) or not paragraph_start <= token.idx < paragraph_end:
                continue
            is_cue = _is_cue_word(token) or (
                token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"
            )
            if not is_cue:
                continue
            distance = raw.start - token.idx if token.idx < raw.start else token.idx - raw.end
            rank = (1 if sent in extra else 0, 0 if token.i in ancestors else 1, distance)
            if best is None or rank < best[0]:
                best = (rank, token)
    if best is None:
        before = text[paragraph_start : raw.start].rstrip(" \t\n“\"‘")
        if before.endswith(":"):
            # "She then addressed the supporters again: “...”": the introducing clause's verb.
            intro = doc.char_span(len(before) + paragraph_start - 1, len(before) + paragraph_start, alignment_mode="expand")
            if intro is not None and len(intro):
                root = intro[0].sent.root
                if root.pos_ in ("VERB", "AUX") and not _in_any(root.idx, quotes):
                    return root
    return best[1] if best else None


def _outer_cue(cue: Token, quotes: Sequence[tuple[int, int]], text: str) -> Token:
    """ "Lazar said he welcomed the ruling and added, “...”": a cue inside what another speech
    verb reports is part of that report, so the outer verb (and its subject) attributes it."""
    verb = cue
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    outer = verb.head
    low, high = sorted((outer.idx, cue.idx))
    between = text[low:high]
    if "\n" in between or any(low <= s and e <= high for s, e in quotes):
        return cue  # the outer verb introduces another quote or stands in another paragraph
    if verb.dep_ == "ccomp" and outer is not verb and _is_cue_word(outer) and not _in_any(outer.idx, quotes):
        subject = _subject(outer, quotes)
        if subject is not None and _can_speak(subject):
            return outer
    return cue


def _own_start(sent: Span) -> int:
    """Where a sentence's own words begin: it may open with the closing mark of the quote before."""
    return sent.start_char + len(sent.text) - len(sent.text.lstrip(" \t\n”\"’»"))


def _is_cue_word(token: Token) -> bool:
    """A speech verb, also when the tagger took it for a noun ("Viguerie notes")."""
    if token.pos_ not in ("VERB", "AUX") and token.dep_ not in _VERB_DEPS:
        return False
    if token.lemma_ == "continue" and any(c.dep_ in ("xcomp", "dobj") for c in token.children):
        return False  # "will continue to be ...", "continued the tradition"
    if token.lemma_ == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in token.children):
        return True  # "Trump went on"
    return _lemma(token.lower_) in CUE_LEMMAS or token.lemma_.lower() in CUE_LEMMAS


_VERB_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "parataxis", "relcl", "xcomp"})


def _lemma(word: str) -> str:
    """A crude lemma for speech verbs spaCy mis-tagged: forms of CUE_LEMMAS and irregulars."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, back in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""), ("ed", "e"), ("s", ""), ("d", "")):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + back in CUE_LEMMAS:
            return word[: len(word) - len(suffix)] + back
    return word


_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "read": "read", "put": "put", "swore": "swear"}


# Dependencies followed from a cue up to the clause whose subject speaks ("..., saying",
# "talked about continuing the ...", "and added").
_CLIMB = frozenset({"conj", "advcl", "xcomp", "ccomp", "relcl", "acl", "pcomp", "prep", "pobj"})


def _subject(cue: Token, quotes: Sequence[tuple[int, int]]) -> Token | None:
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        return objects[0] if objects and objects[0].pos_ in ("NOUN", "PROPN", "PRON") else None
    verb: Token | None = cue
    for _ in range(4):
        if verb is None:
            return None
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents and not _in_any(agents[0].idx, quotes):
            return agents[0]  # "Rubio was asked by the moderator whether ..."
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not _in_any(c.idx, quotes)]
        if subjects:
            # "The rejection signals “...”, said Wilders": the subject that can speak, a
            # person first ("LONDON (Reuters) - Ann Lee said" parses the dateline as a subject too).
            speaking = [c for c in subjects if _can_speak(c) or _inverted(c)]
            subject = next((c for c in speaking if c.ent_type_ == "PERSON"), speaking[0] if speaking else subjects[0])
            named = [c for c in subject.children if c.dep_ in ("appos", "conj") and c.ent_type_ == "PERSON"]
            if named and subject.ent_type_ != "PERSON":
                return named[0]  # "Kovač's deputy, Ilse Marrow, said"
            if subject.tag_ == "WDT" or subject.lower_ in ("who", "that", "which"):
                return verb.head if verb.dep_ == "relcl" else None
            return subject
        # "“...,” added Gowdy" parsed with Gowdy as the object: the noun right after the verb.
        inverted = [c for c in verb.children if c.dep_ in ("dobj", "attr", "npadvmod", "advmod") and _inverted(c)]
        if inverted and not _in_any(inverted[0].idx, quotes):
            return inverted[0]
        if verb.dep_ in _CLIMB and verb.head is not verb:
            if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "pobj", "attr", "appos"):
                verb = verb.head.head  # "emailed supporters saying", "posted a message reading"
                continue
            if verb.dep_ == "relcl" or verb.dep_ == "acl":
                return verb.head
            verb = verb.head
        else:
            return None
    return None


def _phrase(subject: Token, quotes: Sequence[tuple[int, int]]) -> Span:
    doc = subject.doc
    if subject.ent_type_:
        # the entity holding the subject, read from the tokens' IOB tags (not by scanning
        # doc.ents, which made each quote cost the length of the article)
        start, ent_end = subject.i, subject.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
            ent_end += 1
        while start > 0 and doc[start - 1].head.i == subject.i and doc[start - 1].dep_ in ("compound", "amod", "det") and not _in_any(doc[start - 1].idx, quotes):
            start -= 1
        while start > 0 and doc[start - 1].dep_ in ("compound", "amod") and doc[start - 1].head.i >= start and not _in_any(doc[start - 1].idx, quotes):
            start -= 1
        return _one_line(doc[start : ent_end], subject, quotes)
    start = subject.i
    for child in subject.lefts:
        if child.dep_ in ("compound", "amod", "det", "nmod", "poss") and not _in_any(child.idx, quotes):
            start = min(start, child.left_edge.i)
            break
    end = subject.i + 1
    for child in subject.rights:
        if child.dep_ == "compound" or (child.dep_ == "flat"):
            end = child.i + 1
    return _one_line(doc[start:end], subject, quotes)


def _one_line(span: Span, subject: Token, quotes: Sequence[tuple[int, int]]) -> Span:
    """The phrase cut to the subject's own line and kept out of quotes."""
    doc = span.doc
    start, end = span.start, span.end
    while start < subject.i and ("\n" in doc[start : subject.i + 1].text or _in_any(doc[start].idx, quotes)):
        start += 1
    while end > subject.i + 1 and ("\n" in doc[subject.i : end].text or _in_any(doc[end - 1].idx, quotes)):
        end -= 1
    return doc[start:end]


def _inverted(subject: Token) -> bool:
    """ "“...,” said the veteran": a noun right after a speech verb that follows a closing mark
    is its speaker whatever the noun ("the 46-year-old", "a campaign veteran")."""
    verb = subject.head
    if not (verb.i < subject.i and verb.i > 0 and subject.pos_ in ("NOUN", "PROPN")):
        return False
    before = verb.doc[verb.i - 1]
    if before.text not in _CLOSING_MARKS and not (before.text == "," and verb.i > 1 and verb.doc[verb.i - 2].text in _CLOSING_MARKS):
        return False
    return not any(t.is_punct or t.pos_ == "VERB" for t in verb.doc[verb.i + 1 : subject.i])


_CLOSING_MARKS = frozenset({"”", '"', "’", "»", ",”", '."', '.”'})


def _speaking_noun(subject: Token) -> bool:
    """ "Two analysts found ...", "the memo states ...": a common noun for people or sources."""
    return subject.pos_ == "NOUN" and subject.lemma_.lower() in SPEAKING_NOUNS


def _can_speak(subject: Token) -> bool:
    """A person, group or source can speak; "the proposal" or "the deployment" cannot."""
    doc = subject.doc
    if subject.lower_ == "old" and subject.i >= 2 and doc[subject.i - 2].lower_ in ("year", "years"):
        return True  # "said the 46-year-old" (tagged an adjective and a date)
    if subject.lemma_.lower() in _PART_WORDS or subject.ent_type_ == "CARDINAL":
        # "one of two witnesses", "hundreds of protesters": as the people they are part of
        parts = [g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]
        return bool(parts) and _can_speak(parts[0])
    if subject.ent_type_ in ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
        return False
    if _inverted(subject):
        return True
    if subject.pos_ in ("PROPN", "PRON") or subject.ent_type_:
        return subject.lower_ not in ("this", "that", "which", "what", "there", "you", "one", "something")
    lemma = subject.lemma_.lower()
    if lemma in TITLES and lemma not in _TITLE_MODIFIERS:
        return True
    return lemma in LEADER_WORDS or lemma in SPEAKING_NOUNS or lemma.endswith(_PERSON_SUFFIXES)


# Words for a part of a group, which speaks as the group does ("one of the aides said").
_PART_WORDS = frozenset({"one", "some", "many", "most", "several", "few", "hundred", "hundreds", "dozen", "dozens",
                         "thousand", "thousands", "all", "none", "half", "majority", "minority", "each"})

# Endings of nouns for people and sources ("businessman", "supporter", "columnist").
_PERSON_SUFFIXES = ("man", "men", "woman", "women", "person", "er", "or", "ist", "ian", "ant", "ee", "eer")


# Words in TITLES that describe an office but are no speaker on their own ("the states").
_TITLE_MODIFIERS = frozenset({"state", "foreign", "defence", "defense", "interior", "finance", "former", "then", "acting", "press", "vice", "prime"})


def _attribute(
    article: Article, doc: Doc, context: _Context
) -> list[tuple[_Raw, _Speaker]]:
    text = article.text
    raws = _raw_quotes(text)
    spans = _Spans([(r.start, r.end) for r in raws])
    found: list[tuple[_Raw, _Speaker]] = []
    speakers: list[tuple[int, _Speaker]] = []
    sentences = list(doc.sents) if raws else []
    cues: list[int | None] = []  # the cue token of each quote in ``found``
    for raw in raws:
        speaker = _Speaker(None, None, None, None, None)
        cue = _find_cue(doc, raw, spans, text, sentences)
        if cue is not None:
            cue = _outer_cue(cue, spans, text)
            subject = _subject(cue, spans)
            cue_text = "according to" if cue.lower_ == "according" else cue.text
            if subject is not None and _can_speak(subject):
                phrase = _phrase(subject, spans)
                words = phrase.text
                name = context.resolve(phrase, subject, raw.start, speakers)
                start = phrase.start_char
                speaker = _Speaker(words, start, start + len(words), name, cue_text)
            else:
                speaker = _Speaker(None, None, None, None, cue_text)
        if speaker.mention is None:
            speaker = (
                _speaker_after(raw, doc, context, speakers)
                or _speaker_before(raw, doc, context, speakers)
                or _headline_speaker(raw, doc, context, speakers)
                or _signature_speaker(raw, doc, context, speakers)
                or speaker
            )
        title = _title_like(text[raw.start : raw.end])
        if speaker.mention is None and not title:
            # A person who is the subject of the quote's own sentence outranks a continuation.
            speaker = _clause_speaker(raw, doc, spans, context, speakers) or speaker
        if speaker.mention is None and speaker.cue is None and not title:
            speaker = _paragraph_before_speaker(raw, doc, spans, context, speakers) or speaker
        if speaker.mention is None and found and not title:
            previous_raw, previous = found[-1]
            same = raw.paragraph == previous_raw.paragraph
            adjacent = same or (raw.paragraph - previous_raw.paragraph == 1 and raw.opens_paragraph)
            # the cue the previous quote's sentence lends is the one that quote was found by
            lent = cue is not None and cues[-1] == cue.i
            if adjacent and previous.mention is not None and (speaker.cue is None or raw.opens_paragraph or lent):
                speaker = replace(previous, cue=speaker.cue)
        found.append((raw, speaker))
        cues.append(cue.i if cue is not None else None)
        if speaker.name:
            speakers.append((raw.start, speaker))
    return found


_NAME = r"(?:[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|de|van|von|al-\w+)){0,3})"
_AFTER_QUOTE = re.compile(
    rf"[,.!?]?[”\"’»]?[,.!?—–-]*[ \t]*(?:(?P<who>he|she|they|it|we|I|{_NAME})\s+(?P<cue>[a-z]+)\b"
    rf"|(?P<cue2>[a-z]+)\s+(?P<who2>{_NAME})\b)"
)


_BEFORE_QUOTE = re.compile(
    rf"(?:(?P<cue>[A-Za-z]+)\s+(?P<who>{_NAME})|(?P<who2>he|she|they|{_NAME})\s+(?P<cue2>[a-z]+)(?:\s+[\w’'-]+){{0,4}}?"
    rf"|(?:[Mm]ore\s+)?from\s+(?P<who3>{_NAME}(?:\s+and\s+{_NAME})?)"
    rf"|(?:^|[-–—]\s*)(?P<who4>{_NAME}(?:\s+and\s+{_NAME})?)(?:\s*\([^()\n]{{1,20}}\))?)\s*:\s*$",
    re.MULTILINE,
)
# A line under a block quote naming its author: "— Ada Quill, harbour master".
_SIGNATURE = re.compile(rf"[ \t]*[-–—][ \t]*(?P<who>{_NAME})\s*(?:,|$)", re.MULTILINE)


def _speaker_before(raw: _Raw, doc: Doc, context: _Context, speakers: list[tuple[int, _Speaker]]) -> _Speaker | None:
    """ "Continued Stone: ..." or "More from Jones: ..." just before the opening mark."""
    text = context.article.text  # Doc.text rebuilds the string on every call
    mark = raw.start - 1  # the opening mark
    while mark > 0 and text[mark - 1].isspace():
        mark -= 1  # "Stated Stone:" may stand on the line before a block quote
    line_start = text.rfind("\n", 0, mark) + 1
    window_start = max(line_start, mark - 120)
    match = _BEFORE_QUOTE.search(text, window_start, mark)
    if not match:
        return None
    if match.group("who3") or match.group("who4"):
        who_group, cue = ("who3" if match.group("who3") else "who4"), None
    elif match.group("who"):
        who_group, cue = "who", match.group("cue")
    else:
        who_group, cue = "who2", match.group("cue2")
    if cue is not None and _lemma(cue.lower()) not in CUE_LEMMAS:
        return None
    start, end = match.span(who_group)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    name = context.resolve(span, span.root, raw.start, speakers)
    return _Speaker(text[start:end], start, end, name, cue)


def _signature_speaker(raw: _Raw, doc: Doc, context: _Context, speakers: list[tuple[int, _Speaker]]) -> _Speaker | None:
    """A quote that fills its paragraph, signed by the next one: "“...”" then "-Ada Quill, ..."."""
    text = context.article.text  # Doc.text rebuilds the string on every call
    after = text[raw.end : raw.end + 4].lstrip(" \t.,!?”\"’»")
    if not after.startswith("\n"):
        return None
    next_line = re.compile(r"\s*").match(text, raw.end + (len(text[raw.end : raw.end + 4]) - len(after))).end()
    match = _SIGNATURE.match(text, next_line, min(len(text), next_line + 80))
    if not match:
        return None
    return _named_speaker(match, raw, doc, context, speakers)


def _named_speaker(
    match: re.Match[str], raw: _Raw, doc: Doc, context: _Context, speakers: list[tuple[int, _Speaker]]
) -> _Speaker | None:
    """The speaker named by the ``who`` group of ``match`` (a signature or headline name)."""
    start, end = match.span("who")
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return _Speaker(match.string[start:end], start, end, context.resolve(span, span.root, raw.start, speakers), None)


def _title_like(quoted: str) -> bool:
    """One word, or a few capitalised words: a title ("Morning Joe") or a label, not speech."""
    words = _WORD.findall(quoted)
    if len(words) <= 1:
        return True
    return len(words) <= TITLE_MAX_WORDS and all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words)


_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by"})


def _clause_speaker(
    raw: _Raw, doc: Doc, spans: Sequence[tuple[int, int]], context: _Context, speakers: list[tuple[int, _Speaker]]
) -> _Speaker | None:
    """No speech verb: a person who is the subject of the quote's sentence ("Cruz blamed the
    law on “knuckleheaded politicians”", "Trump went on to boast of “a phenomenal area”")."""
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span[0].sent.root
    if _in_any(root.idx, spans) or root.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in root.children if c.dep_ == "nsubj" and not _in_any(c.idx, spans)]
    if not subjects:
        return None
    subject = subjects[0]
    person = subject.ent_type_ in ("PERSON", "ORG") or subject.lower_ in PERSON_PRONOUNS
    if not person and not (subject.pos_ == "PROPN" and not subject.ent_type_) and not _speaking_noun(subject):
        return None
    phrase = _phrase(subject, spans)
    name = context.resolve(phrase, subject, raw.start, speakers)
    return _Speaker(phrase.text, phrase.start_char, phrase.end_char, name, root.text)


def _paragraph_before_speaker(
    raw: _Raw, doc: Doc, spans: Sequence[tuple[int, int]], context: _Context, speakers: list[tuple[int, _Speaker]]
) -> _Speaker | None:
    """A quote that is a paragraph of its own, after a paragraph whose last sentence reports
    what someone said ("Lee praised the crews.", then "“They worked all night.”"): that
    sentence's speaker."""
    text = context.article.text  # Doc.text rebuilds the string on every call
    start = max((m.end() for m in _PARAGRAPH.finditer(text, 0, raw.start)), default=0)
    end_match = _PARAGRAPH.search(text, raw.end)
    end = end_match.start() if end_match else len(text)
    if start == 0 or text[start : raw.start].strip(" \t“\"‘") or text[raw.end : end].strip(" \t”\"’.,!?"):
        return None  # not a paragraph of its own
    before = doc.char_span(start - 1, start, alignment_mode="expand")
    while before is not None and len(before) and before[0].is_space and before[0].i > 0:
        before = doc[before[0].i - 1 : before[0].i]
    if before is None or not len(before):
        return None
    sentence = before[0].sent
    if "\n\n" in text[sentence.start_char : sentence.end_char].strip():
        return None
    for token in sentence:
        if _in_any(token.idx, spans) or not _is_cue_word(token):
            continue
        subject = _subject(token, spans)
        if subject is None or not (subject.lower_ in PERSON_PRONOUNS or (_can_speak(subject) and subject.pos_ != "PRON")):
            continue
        phrase = _phrase(subject, spans)
        name = context.resolve(phrase, subject, raw.start, speakers)
        return _Speaker(phrase.text, phrase.start_char, phrase.start_char + len(phrase.text), name, None)
    return None


_HEADLINE = re.compile(rf"(?P<who>{_NAME}):\s")


def _headline_speaker(raw: _Raw, doc: Doc, context: _Context, speakers: list[tuple[int, _Speaker]]) -> _Speaker | None:
    """A headline "Name: ... ‘quote’": the name before the colon that opens the line."""
    text = context.article.text  # Doc.text rebuilds the string on every call
    line_start = text.rfind("\n", 0, raw.start) + 1
    match = _HEADLINE.match(text, line_start, raw.start)
    if not match or len(match.group("who").split()) > 5:
        return None
    return _named_speaker(match, raw, doc, context, speakers)


def _speaker_after(raw: _Raw, doc: Doc, context: _Context, speakers: list[tuple[int, _Speaker]]) -> _Speaker | None:
    """ "..., he wrote." or "..., said Smith." right after the quote when the parse missed it."""
    text = context.article.text  # Doc.text rebuilds the string on every call
    match = _AFTER_QUOTE.match(text, raw.end, min(len(text), raw.end + 80))
    if not match:
        return _speaker_phrase_after(raw, doc, context, speakers) or _speaker_aside_after(raw, doc, context, speakers)
    who, cue = (match.group("who"), match.group("cue")) if match.group("who") else (match.group("who2"), match.group("cue2"))
    group = "who" if match.group("who") else "who2"
    if _lemma(cue) not in CUE_LEMMAS:
        return _speaker_phrase_after(raw, doc, context, speakers) or _speaker_aside_after(raw, doc, context, speakers)
    start, end = match.span(group)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    name = context.resolve(span, span.root, raw.start, speakers)
    return _Speaker(who, start, end, name, cue)


_CUE_THEN_PHRASE = re.compile(r"[,.!?]?[”\"’»][ \t]*(?P<cue>[a-z]+)[ \t]+(?P<who>[^,.;:!?“”\"()\n]{2,80}?)[ \t]*[,.;(]")


def _speaker_phrase_after(
    raw: _Raw, doc: Doc, context: _Context, speakers: list[tuple[int, _Speaker]]
) -> _Speaker | None:
    """ "...,” said retired surgeon Ben Carson, asked ...": the words between an inverted speech
    verb and the next comma, when they are at most SPEAKER_PHRASE_WORDS words naming someone."""
    text = context.article.text  # Doc.text rebuilds the string on every call
    match = _CUE_THEN_PHRASE.match(text, raw.end, min(len(text), raw.end + 100))
    return _matched_speaker(match, raw, doc, context, speakers, lambda span: any(
        t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in span) or _can_speak(span.root))


# "...,” Ann Lee, 58, told ..." / "...,” Ann Lee, a harbour pilot, said ...": a name, an
# aside between commas, then the speech verb.
_NAME_ASIDE_CUE = re.compile(
    r"[,.!?]?[”\"’»][ \t]*(?P<who>[^,.;:!?“”\"()\n]{2,60}?),"
    r"(?P<aside>(?:[^;:!?“”\"\n]|“[^“”\n]{1,40}”){1,200}?),[ \t]*(?P<cue>[a-z]+)\b"
)


def _speaker_aside_after(
    raw: _Raw, doc: Doc, context: _Context, speakers: list[tuple[int, _Speaker]]
) -> _Speaker | None:
    """ "...,” Ann Lee, 58, told ...": the parse may lose the subject of a verb that follows
    an aside; the words before the aside are the speaker when they name someone."""
    text = context.article.text  # Doc.text rebuilds the string on every call
    match = _NAME_ASIDE_CUE.match(text, raw.end, min(len(text), raw.end + 300))
    return _matched_speaker(match, raw, doc, context, speakers, lambda span: any(
        t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.ent_type_ in ("", "ORG")) for t in span))


def _matched_speaker(
    match: re.Match[str] | None, raw: _Raw, doc: Doc, context: _Context,
    speakers: list[tuple[int, _Speaker]], names_someone: Callable[[Span], bool],
) -> _Speaker | None:
    """The speaker a pattern's ``who`` group names before or after its speech verb ``cue``:
    at most SPEAKER_PHRASE_WORDS words that ``names_someone`` accepts."""
    if match is None or _lemma(match.group("cue")) not in CUE_LEMMAS:
        return None
    start, end = match.span("who")
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or len(span) > SPEAKER_PHRASE_WORDS or not names_someone(span):
        return None
    name = context.resolve(span, span.root, raw.start, speakers)
    return _Speaker(match.string[start:end], start, end, name, match.group("cue"))


def _keep(raw: _Raw, speaker: _Speaker, text: str) -> bool:
    words = len(_WORD.findall(text[raw.start : raw.end]))
    return speaker.mention is not None or words >= MIN_WORDS_UNATTRIBUTED


def _mentions(
    article: Article, doc: Doc, index: EntityIndex, descriptions: dict[str, set[str]]
) -> list[tuple[QuoteMention, str | None]]:
    context = _Context(article, doc, index, descriptions)
    result = []
    for raw, speaker in _attribute(article, doc, context):
        if not _keep(raw, speaker, article.text):
            continue
        mention = QuoteMention(
            article=article.id,
            text=article.text[raw.start : raw.end],
            start=raw.start,
            end=raw.end,
            speaker_mention=speaker.mention,
            cue=speaker.cue,
            speaker_start=speaker.start,
            speaker_end=speaker.end,
        )
        result.append((mention, speaker.name))
    return result


def extract_quotes_from_article(article: Article, doc: Doc) -> list[QuoteMention]:
    """The article's direct quotes in reading order, each with its speaker's words and cue."""
    entities = merge_entities([article], {article.id: doc})
    index = EntityIndex(entities)
    descriptions = story_descriptions([article], {article.id: doc}, index)
    return [m for m, _ in _mentions(article, doc, index, descriptions)]


# --------------------------------------------------------------------------- across articles


def _words(text: str) -> list[str]:
    return _WORD.findall(unidecode(text).lower())


def _same_utterance(a: tuple[str | None, list[str], str], b: tuple[str | None, list[str], str]) -> bool:
    """Two renderings, each as (speaker, its words, the words joined), are one utterance."""
    (sa, wa, ta), (sb, wb, tb) = a, b
    if sa and sb and sa != sb:
        return False
    if not wa or not wb:
        return False
    if fuzz.ratio(ta, tb) >= SAME_WORDING:
        return True
    short, long_ = ((wa, ta), (wb, tb)) if len(wa) <= len(wb) else ((wb, tb), (wa, ta))
    if len(short[0]) >= CONTAINED_MIN_WORDS and fuzz.partial_ratio(short[1], long_[1]) >= CONTAINED:
        return True
    return bool(sa and sb and f" {short[1]} " in f" {long_[1]} ")


def _utterance_groups(prepared: Sequence[tuple[str | None, list[str], str]]) -> list[int]:
    """Each rendering's group: the connected pieces of the ``_same_utterance`` pairs.

    Read without a Python loop over every pair: identical renderings of one speaker are one
    rendering; a rendering is compared only with its own speaker's and those of unknown
    speaker (two known speakers never join); the two fuzzy scores run in rapidfuzz's
    ``cdist`` with their thresholds as cut-offs, PAIR_BLOCK_ROWS rows at a time. The
    word-inside-word rule matters only when the shorter rendering has fewer than
    CONTAINED_MIN_WORDS words (longer ones score 100 on partial_ratio), so it is checked for
    those short renderings alone. Returns, for each rendering, the first index of its group.
    """
    import numpy as np
    from rapidfuzz import process

    groups = Groups(len(prepared))
    find, join = groups.find, groups.join

    first: dict[tuple[str | None, str], int] = {}
    by_speaker: dict[str | None, list[int]] = {}
    for i, (speaker, words, joined) in enumerate(prepared):
        if not words:
            continue
        if (speaker, joined) in first:
            join(first[speaker, joined], i)
            continue
        first[speaker, joined] = i
        by_speaker.setdefault(speaker, []).append(i)
    unknown = by_speaker.pop(None, [])
    # each block: a speaker's renderings (or the unknown speaker's) against the later ones of
    # that speaker and, for a known speaker, every unknown one
    for all_rows, others in [(unknown, [])] + [(rows, unknown) for rows in by_speaker.values()]:
        for start in range(0, len(all_rows), PAIR_BLOCK_ROWS):
            rows = all_rows[start : start + PAIR_BLOCK_ROWS]
            cols = all_rows[start:] + others
            row_texts = [prepared[i][2] for i in rows]
            col_texts = [prepared[j][2] for j in cols]
            same = process.cdist(row_texts, col_texts, scorer=fuzz.ratio, score_cutoff=SAME_WORDING,
                                 dtype=np.uint8, workers=-1) > 0
            long_rows = np.flatnonzero([len(prepared[i][1]) >= CONTAINED_MIN_WORDS for i in rows])
            long_cols = np.flatnonzero([len(prepared[j][1]) >= CONTAINED_MIN_WORDS for j in cols])
            if len(long_rows) and len(long_cols):
                inside = process.cdist([row_texts[k] for k in long_rows], [col_texts[k] for k in long_cols],
                                       scorer=fuzz.partial_ratio, score_cutoff=CONTAINED, dtype=np.uint8, workers=-1)
                same[np.ix_(long_rows, long_cols)] |= inside > 0
            for a, b in zip(*np.nonzero(same), strict=True):
                join(rows[a], cols[b])
    for rows in by_speaker.values():
        for i in rows:
            if len(prepared[i][1]) < CONTAINED_MIN_WORDS:
                for j in rows:
                    if find(i) != find(j) and _same_utterance(prepared[i], prepared[j]):
                        join(i, j)
    return groups.roots()


def extract_quotes(
    articles: Sequence[Article],
    docs: Mapping[str, Doc],
    entities: Sequence[Entity],
    *,
    embed: Callable[[Sequence[str]], object] | None = None,
) -> list[Quote]:
    """The story's quotes: one record per utterance with every article's rendering.

    Quotes are ordered by the number of articles quoting them, then by first appearance;
    ids are ``q1``, ``q2``, ... in that order. ``embed`` (default
    ``newsprism.language.models.embed``) compares one speaker's renderings worded
    differently; a function returning None (``embed=lambda texts: None``) matches on
    wording only.
    """
    index = EntityIndex(entities)
    descriptions = story_descriptions(articles, docs, index)
    items: list[tuple[QuoteMention, str | None]] = []
    order = {a.id: i for i, a in enumerate(articles)}
    for article in articles:
        doc = docs.get(article.id)
        if doc is not None:
            items.extend(_mentions(article, doc, index, descriptions))
    cosines = _cosines(items, embed)
    # each rendering's words are read once, not once per pair; each rendering's group is
    # its first member, so the groups are a union-find forest the merging below extends
    prepared = [(speaker, words, " ".join(words)) for mention, speaker in items for words in [_words(mention.text)]]
    forest = Groups(_utterance_groups(prepared))
    find = forest.find
    if cosines is not None:
        _merge_reworded(items, cosines, find, forest.parent)
    clusters: dict[int, list[int]] = {}
    for i in range(len(items)):
        clusters.setdefault(find(i), []).append(i)
    groups = []
    for members in clusters.values():
        members.sort(key=lambda i: (order[items[i][0].article], items[i][0].start))
        names = Counter(items[i][1] for i in members if items[i][1])
        speaker = names.most_common(1)[0][0] if names else None
        mentions = tuple(items[i][0] for i in members)
        groups.append((speaker, mentions))
    groups.sort(key=lambda g: (-len({m.article for m in g[1]}), order[g[1][0].article], g[1][0].start))
    return [Quote(id=f"q{i + 1}", speaker=s, mentions=m) for i, (s, m) in enumerate(groups)]


def _merge_reworded(items, cosines, find, parent) -> None:  # noqa: ANN001
    """Join groups of one speaker that no article quotes together and that mean the same.

    An article that quotes both groups shows they are two utterances, so groups sharing an
    article never merge here, however close their words.
    """

    def info(members: list[int]) -> tuple[str | None, set[str]]:
        names = Counter(items[i][1] for i in members if items[i][1])
        return (names.most_common(1)[0][0] if names else None), {items[i][0].article for i in members}

    def groups() -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for i in range(len(items)):
            found.setdefault(find(i), []).append(i)
        return found

    clusters = groups()
    pairs = []
    roots = list(clusters)
    infos = {root: info(members) for root, members in clusters.items()}
    # groups whose every rendering has SAME_MEANING_MIN_WORDS words or more
    long_enough = {root for root, members in clusters.items()
                   if all(len(_words(items[i][0].text)) >= SAME_MEANING_MIN_WORDS for i in members)}
    for a_index, a in enumerate(roots):
        speaker_a, articles_a = infos[a]
        for b in roots[a_index + 1 :]:
            speaker_b, articles_b = infos[b]
            if speaker_a is None or speaker_b != speaker_a or articles_a & articles_b:
                continue
            if a not in long_enough or b not in long_enough:
                continue
            best = float(cosines[clusters[a]][:, clusters[b]].max())
            if best >= SAME_MEANING:
                pairs.append((best, a, b))
    for _, a, b in sorted(pairs, reverse=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        members = groups()
        if info(members[ra])[1] & info(members[rb])[1]:
            continue
        parent[rb] = ra

    clusters = groups()

    roots = list(clusters)
    infos = {root: info(members) for root, members in clusters.items()}
    candidates: dict[int, list[tuple[float, int]]] = {r: [] for r in roots}
    for a_index, a in enumerate(roots):
        speaker_a, articles_a = infos[a]
        if speaker_a is None:
            continue
        for b in roots[a_index + 1 :]:
            speaker_b, articles_b = infos[b]
            if speaker_b != speaker_a or articles_a & articles_b:
                continue
            mean = float(cosines[clusters[a]][:, clusters[b]].mean())
            if mean >= SAME_UTTERANCE_GROUPS:
                candidates[a].append((mean, b))
                candidates[b].append((mean, a))
    # Join the groups of a connected set of candidates when each is a candidate of every
    # other (two groups that are each other's only candidate; three outlets that each
    # reworded one sentence); a set where some pair is not is left alone, being ambiguous.
    linked = {a: {b for _, b in options} for a, options in candidates.items()}
    seen: set[int] = set()
    for start in roots:
        if start in seen or not linked[start]:
            continue
        component, stack = {start}, [start]
        while stack:
            for b in linked[stack.pop()] - component:
                component.add(b)
                stack.append(b)
        seen |= component
        if all(linked[a] >= component - {a} for a in component):
            first = find(start)
            for b in component:
                if find(b) != first:
                    parent[find(b)] = first


def _cosines(items: list[tuple[QuoteMention, str | None]], embed: Callable[[Sequence[str]], object] | None):  # noqa: ANN202
    """Pairwise cosine of the mentions' embeddings (0 where not computed), or None.

    Only renderings that could be reworded versions of another outlet's are embedded: a
    known speaker quoted in more than one article, at least SAME_MEANING_MIN_WORDS words.
    """
    import numpy as np

    articles_by_speaker: dict[str, set[str]] = {}
    for m, s in items:
        if s:
            articles_by_speaker.setdefault(s, set()).add(m.article)
    wanted = [
        i
        for i, (m, s) in enumerate(items)
        if s and len(articles_by_speaker[s]) > 1 and len(_words(m.text)) >= SAME_MEANING_MIN_WORDS
    ]
    if len(wanted) < 2:
        return None
    if embed is None:
        from newsprism.language.models import embed as model_embed

        embed = model_embed
    vectors = embed([items[i][0].text for i in wanted])
    if vectors is None:
        return None
    full = np.zeros((len(items), np.asarray(vectors).shape[1]), dtype=np.float32)
    full[wanted] = np.asarray(vectors, dtype=np.float32)
    return full @ full.T
