"""Cheap per-article features for story clustering: hashed term counts, two-word phrases,
entity tokens, numbers, title terms, event-time tokens and years stated in the text, the
text to embed and the publication day.

Terms are hashed into a fixed space (``HASH_BITS``) so the vocabulary never has to be
stored or grown: document frequencies are kept online per hashed feature by the clusterer.
Entities are found by capitalisation (plus the numbers an article states), not by spaCy NER: it costs microseconds per article
and, on ECB+, entity overlap from capitalised phrases separates same-subject events as
well as spaCy's entities did while being ~100x faster (spaCy is not needed at all here).
Event time is read by regular expressions (years 1950-2049, weekdays, "July 3",
"August 2011"), not by ``language.dates``: it needs no spaCy parse and, on ECB+, the
years are what tells apart same-subject events that happened years apart.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from newsprism.records import Article

# 2**22 buckets: collisions are rare for a news vocabulary (a few 100k words) and the
# per-feature document-frequency table stays small because only seen buckets are stored.
HASH_BITS = 22
# Characters of title + lead given to the embedder; MiniLM truncates at 256 word pieces
# anyway and the lead carries the event (who, what, where).
EMBED_CHARS = 700
# Characters of the body used for terms and entities; long tails (related links, bios)
# add noise more than signal.
BODY_CHARS = 6000
# Longest title read as the title (a first sentence stands in when there is none).
TITLE_CHARS = 200

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d{4,}")
_CAP_PHRASE = re.compile(r"\b[A-Z][a-zA-Z'\-]+(?:\s+(?:of\s+|de\s+|van\s+|al-)?[A-Z][a-zA-Z'\-]+)*")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_SENT_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")
_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH_ALT = "|".join([*_MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept?", "oct", "nov", "dec"])
_WEEKDAY_ALT = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_YEAR = re.compile(r"(?<![\d$.,])(?:19[5-9]\d|20[0-4]\d)(?![\d%])")
_MONTH_DAY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_ALT})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b({_WEEKDAY_ALT})\b", re.IGNORECASE)

_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves said says say told tell one two new
    year years last first people may might must according s t mr mrs ms dr would like get got
    make made many much even still back well since around per time day days week weeks""".split()
)
# Capitalised words that are not names: sentence openers, days, months, titles.
_NOT_ENTITY = _STOP | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december today yesterday tomorrow however meanwhile
    president minister police officials reporting update updated read share photo video image
    getty reuters ap afp associated press""".split()
)


@dataclass(frozen=True)
class ArticleFeatures:
    """What the clusterer compares. Vectors are ``{hashed feature: weight}`` before IDF."""

    id: str
    terms: dict[int, float]
    entities: dict[int, float]
    title: dict[int, float]
    day: float | None
    title_text: str
    # True when ``title_text`` is the article's own title, not its first sentence
    headline: bool = False
    # event-time tokens the text states: weekdays, month-day, month-year (hashed)
    when: dict[int, float] = field(default_factory=dict)
    # years the text mentions -> share of the mentions (sums to 1, empty when none)
    years: dict[int, float] = field(default_factory=dict)
    # two-word phrases of content words ("security patch", "harry winston")
    phrases: dict[int, float] = field(default_factory=dict)
    # the numbers the text states (tolls, sums, magnitudes, ages)
    numbers: dict[int, float] = field(default_factory=dict)


def hash_token(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & ((1 << HASH_BITS) - 1)


def lead_title(article: Article) -> str:
    """The article's title, or its first sentence when it has none (the first 200 chars):
    what the title features and the embedder read."""
    if article.title and article.title.strip():
        return article.title.strip()[:TITLE_CHARS]
    text = article.text.strip()
    match = re.search(r"[.!?](?:\s|$)", text)
    first = text[: match.end()] if match else text
    return " ".join(first.split())[:TITLE_CHARS]


def story_title(article: Article) -> str:
    """The title shown for a story: ``lead_title`` cut at a word with "…" when too long."""
    if article.title and article.title.strip():
        full = " ".join(article.title.split())
    else:
        text = article.text.strip()
        match = re.search(r"[.!?](?:\s|$)", text)
        full = " ".join((text[: match.end()] if match else text).split())
    if len(full) <= TITLE_CHARS:
        return full
    cut = full[: TITLE_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def embed_text(article: Article) -> str:
    """Title + lead: what the embedder sees."""
    title = lead_title(article)
    body = " ".join(article.text.split())
    if body.startswith(title):
        body = body[len(title) :].lstrip()
    return f"{title}. {body}"[:EMBED_CHARS]


def parse_day(published: str | None) -> float | None:
    """Days since 0001-01-01 for ``YYYY-MM-DD`` (or mid-month for ``YYYY-MM``); else None."""
    if not published:
        return None
    try:
        if len(published) >= 10:
            return float(dt.date.fromisoformat(published[:10]).toordinal())
        if len(published) == 7:
            return float(dt.date.fromisoformat(published + "-15").toordinal())
    except ValueError:
        return None
    return None


def date_order(article: Article) -> float:
    """Sort key for streaming articles in date order: the publication day (a bare year
    counts as its middle), undated articles after every dated one."""
    day = parse_day(article.published)
    if day is None and article.published and article.published[:4].isdigit():
        day = parse_day(article.published[:4] + "-07")
    return math.inf if day is None else day


def article_features(article: Article) -> ArticleFeatures:
    title = lead_title(article)
    body = article.text[:BODY_CHARS]
    text = f"{title}\n{body}" if not body.startswith(title) else body
    words = _content_words(text)
    return ArticleFeatures(
        id=article.id,
        terms=_sublinear(Counter(hash_token(word) for word in words)),
        entities=_sublinear(Counter(_entities(text))),
        title=_sublinear(Counter(_terms(title))),
        day=parse_day(article.published),
        title_text=story_title(article),
        headline=bool(article.title and article.title.strip()),
        when=_sublinear(Counter(_when(text))),
        years=_shares(Counter(int(m.group()) for m in _YEAR.finditer(text))),
        phrases=_sublinear(Counter(_phrases(words))),
        numbers=_sublinear(Counter(hash_token("q:" + m.group().replace(",", "")) for m in _NUMBER.finditer(text))),
    )


def _month(name: str) -> str:
    name = name.lower().rstrip(".")
    return next(m for m in _MONTHS if m.startswith(name[:3]))


def _when(text: str) -> list[int]:
    """Hashed event-time tokens: "w:sunday", "md:july 3", "my:august 2011"."""
    out = [hash_token("w:" + m.group(1).lower()) for m in _WEEKDAY.finditer(text)]
    for m in _MONTH_DAY.finditer(text):
        if 1 <= int(m.group(2)) <= 31:
            out.append(hash_token(f"md:{_month(m.group(1))} {int(m.group(2))}"))
        if m.group(3):
            out.append(hash_token(f"my:{_month(m.group(1))} {m.group(3)}"))
    out.extend(hash_token(f"my:{_month(m.group(1))} {m.group(2)}") for m in _MONTH_YEAR.finditer(text))
    return out


def _shares(counts: Counter[int]) -> dict[int, float]:
    total = sum(counts.values())
    return {key: n / total for key, n in counts.items()} if total else {}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _content_words(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words without stop words, in text order."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group().lower().strip("'-")
        if len(word) >= 2 and word not in _STOP:
            out.append(_stem(word))
    return out


def _terms(text: str) -> list[int]:
    return [hash_token(word) for word in _content_words(text)]


def _phrases(words: list[str]) -> list[int]:
    """Hashed pairs of neighbouring content words once stop words are dropped: what two
    reports of one event share beyond single words ("jewel heist", "emergency patch")."""
    return [hash_token(f"p:{a} {b}") for a, b in zip(words, words[1:], strict=False)]


def _entities(text: str) -> list[int]:
    out = []
    for match in _CAP_PHRASE.finditer(text):
        words = [w.lower() for w in match.group().split()]
        at_start = bool(_SENT_START.search(text[max(0, match.start() - 3) : match.start()])) or match.start() == 0
        if at_start and words[0] in _NOT_ENTITY:
            words = words[1:]
        words = [w for w in words if w not in _NOT_ENTITY and len(w) > 1]
        if not words:
            continue
        for word in words:
            out.append(hash_token("e:" + word))
        if len(words) > 1:
            out.append(hash_token("e:" + " ".join(words)))
    # numbers (tolls, magnitudes, years, sentences) tell apart two events on one subject
    out.extend(hash_token("n:" + m.group().replace(",", "")) for m in _NUMBER.finditer(text))
    return out


def _sublinear(counts: Counter[int]) -> dict[int, float]:
    """1 + log(tf), then unit length, so long articles do not outweigh short ones."""
    weights = {key: 1.0 + math.log(n) for key, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {key: w / norm for key, w in weights.items()}


def quantize(vector: np.ndarray) -> np.ndarray:
    """Embeddings are kept as int8 (x127): 384 bytes each, cosine error below 0.01.

    Quantising at once makes a saved and reloaded clusterer compute exactly the same
    numbers as one that never stopped, and batch vs single embedding agree to the byte in
    all but pathological cases.
    """
    return np.clip(np.round(np.asarray(vector, dtype=np.float32) * 127.0), -127, 127).astype(np.int8)


def dequantize(vector: np.ndarray) -> np.ndarray:
    return vector.astype(np.float32) / 127.0
