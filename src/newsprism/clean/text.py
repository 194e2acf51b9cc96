"""Clean scraped news text line by line: keep the body, move metadata out, log every removal.

The cleaner works on lines (paragraphs) of the raw text. Each line is either kept (possibly
with a fragment such as a glued "Advertisement" cut out), turned into metadata (title,
byline, date, dateline) or removed as boilerplate. Every removal is a ``Removed`` with the
0-based raw line number and a reason code (see ``newsprism.clean.rules``), so
``removed`` plus the kept paragraphs account for every non-blank input line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import ftfy
import ftfy.badness
import py3langid

from newsprism.clean import meta, rules
from newsprism.controls import safe
from newsprism.language.dates import UPDATE_LABEL
from newsprism.language.names import is_given_name
from newsprism.records import Evidence, Removed, Span

# A heading is a short line without end punctuation between body paragraphs. 12 words
# covers every section heading in the seeds and the AllSides sample we labelled ("What
# People Are Saying", "Why there's debate"); longer unpunctuated lines there are captions or
# pull quotes.
MAX_HEADING_WORDS = 12
# A title is the first line when it reads like a headline; headlines in the seeds and in
# the AllSides titles have 3 to 25 words.
TITLE_WORDS = (2, 25)
# Metadata lines (byline, date, outlet name) are only looked for before the first body
# paragraph and in this many lines from the top.
HEADER_LINES = 8
# A paragraph of at least this many words among the first HEADER_LINES that the body
# repeats further down is a standfirst or a pull quote over the page: that copy goes.
STANDFIRST_WORDS = 12
# Language detection reads this many characters of the body. py3langid's cost grows with
# the text; on the 4,000 AllSides articles 600 characters gave the same answer as the whole
# body for every article, 13 times faster.
LANGUAGE_SAMPLE = 600
# Pull quotes repeat a sentence of the body on their own line; 6 to 60 words covers those in
# the labelled AllSides articles without catching short headings.
PULL_QUOTE_WORDS = (6, 60)
# Author biographies are looked for among the last FOOTER_LINES kept lines (FOOTER_CONTACT_LINES
# for one that gives a handle or address), up to MAX_BIO_WORDS words.
FOOTER_LINES = 2
FOOTER_CONTACT_LINES = 4
MAX_BIO_WORDS = 80
# A photo caption above the story is one or two sentences.
MAX_CAPTION_WORDS = 40
# ftfy settings: repair mojibake, keep curly quotes exactly as written.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, explain=False)

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A lone surrogate (a JSON "\\ud800" without its pair) is no character: it cannot be written
# as UTF-8, so it is replaced by U+FFFD.
_SURROGATE = re.compile(r"[\ud800-\udfff]")

_END_PUNCT = (".", "!", "?", "…", "”", '"', "’", "'", ")", ":", ";", ",")
_BODY_END = re.compile(r"[.!?…](?:[\"”’')\]]*)$")
_DATELINE_DATE = re.compile(r",\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}$")
# Menus and breadcrumbs: three or more short items separated by "|" or wide gaps, or "A / B" in capitals.
_MENU_SPLIT = re.compile(r"\s*\|\s*|\s{3,}|\t+")
_BREADCRUMB = re.compile(r"[A-Z][A-Z&' -]{1,30}(?: / [A-Z][A-Z&' -]{1,30}){1,4}")
# A person's name alone on a line ("Daniel Achterberg", "Ana M. Lim").
_NAME_LINE = re.compile(r"[A-Z][a-z'’-]{1,20}(?: (?:[A-Z]\.|[A-Z][a-z'’-]{1,20})){1,3}")
_LIST_HEADER = re.compile(
    r"(?i)(?:recommended|related|more|top|trending|popular|most read|read more|you may also like)"
    r"(?: stories| articles| coverage| reading| news| on this| (?:from|on|at|in) [\w .&'-]{1,40})?\W*"
)
_TRUNCATED = re.compile(r"(?:…|\.\.\.)$")
# A date's label alone on its line: "Published On", "Last updated:", "Posted at".
_DATE_LABEL = re.compile(r"(?i)(?:first |last )?(?:published|updated|posted|modified|edited)(?: on| at)?\s*:?")


@dataclass(frozen=True)
class CleanedText:
    """The result of cleaning one text: the body, what was removed, and inferred metadata.

    ``body`` holds paragraphs separated by one blank line; ``headings`` are spans of
    ``body`` that are section headings. Metadata fields are None when not found;
    ``evidence`` says where each found value came from.
    """

    body: str
    headings: tuple[Span, ...] = ()
    removed: tuple[Removed, ...] = ()
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    language: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    kept_lines: tuple[int, ...] = ()  # raw line numbers (0-based) that gave a body paragraph


@dataclass
class _Piece:
    line: int
    text: str
    reason: str | None = None
    heading: bool = False


@dataclass
class _Found:
    removed: list[Removed] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    dateline: str | None = None
    outlets: list[tuple[str, str]] = field(default_factory=list)  # (outlet, how), best first

    def note(self, field_name: str, value: str, source: str) -> None:
        self.evidence.append(Evidence(field=field_name, value=value, source=source))


def repair_text(raw: str) -> str:
    """Mojibake repaired (ftfy, curly quotes kept), line breaks unified, invisible and
    control characters dropped."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)
        if ftfy.badness.is_bad(text):  # cheap check first: fix_text is slow on clean text
            text = ftfy.fix_text(text, config=_FTFY)
        text = _INVISIBLE.sub("", text)
    text = safe(text)  # control characters: after ftfy, which reads C1 characters as mojibake
    return unicodedata.normalize("NFC", text)


def clean_text(
    raw: str,
    *,
    known_title: str | None = None,
    known_authors: Sequence[str] = (),
) -> CleanedText:
    """Clean scraped article text.

    ``known_title`` and ``known_authors`` (given metadata) let the cleaner recognise and
    remove the title and byline lines when the text repeats them.
    """
    text = repair_text(raw)
    found = _Found()
    pieces = _split_pieces(text, found)
    for piece in pieces:
        piece.reason = piece.reason or rules.classify_line(piece.text)
    _mark_lists(pieces)
    _mark_caps_teasers(pieces)
    _mark_author_links(pieces)
    _mark_date_lines(pieces, found)
    _mark_captions(pieces)
    _mark_duplicates(pieces)
    _mark_highlights(pieces)
    _mark_footer(pieces)
    _mark_truncated_captions(pieces)
    _mark_header(pieces, found, known_title=known_title, known_authors=known_authors)
    _mark_truncated_captions(pieces)  # again: header lines removed may have joined a pair
    _mark_lead_caption(pieces)
    _mark_caption_over_headline(pieces, known_title)
    _strip_dateline(pieces, found)
    _collect_signatures(pieces, found)
    for piece in pieces:
        if piece.reason is None:
            piece.text = _cut_fragments(piece, found)
            if not piece.text:
                piece.reason = "empty"
    _mark_headings(pieces)
    for piece in pieces:
        if piece.reason is not None and piece.reason != "empty":
            found.removed.append(Removed(text=piece.text, reason=piece.reason, line=piece.line))
    body, headings = _join([p for p in pieces if p.reason is None])
    language = detect_language(body)
    outlet = found.outlets[0][0] if found.outlets else None
    if outlet is not None:
        found.note("outlet", outlet, found.outlets[0][1])
    if language:
        found.note("language", language, "py3langid")
    return CleanedText(
        body=body,
        headings=headings,
        removed=tuple(sorted(found.removed, key=lambda r: r.line)),
        title=found.title,
        authors=found.authors,
        published=found.published,
        dateline=found.dateline,
        outlet=outlet,
        language=language,
        evidence=tuple(found.evidence),
        kept_lines=tuple(sorted({p.line for p in pieces if p.reason is None})),
    )


def detect_language(body: str) -> str | None:
    """ISO 639-1 code of the body's language (py3langid), None for text without letters."""
    sample = body[:LANGUAGE_SAMPLE]
    if sum(ch.isalpha() for ch in sample[:200]) < 3:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)


# --------------------------------------------------------------------------- lines


def _split_pieces(text: str, found: _Found) -> list[_Piece]:
    pieces: list[_Piece] = []
    for number, line in enumerate(text.split("\n")):
        if "<" in line and rules.TAG.search(line):
            for tag in rules.BREAK_TAG.findall(line):
                found.removed.append(Removed(text=tag, reason="html_tag", line=number))
            for part in rules.BREAK_TAG.split(line):
                for tag in rules.TAG.findall(part):
                    found.removed.append(Removed(text=tag, reason="html_tag", line=number))
                stripped = _normalize(rules.TAG.sub(" ", part))
                if stripped:
                    pieces.append(_Piece(number, stripped))
            continue
        stripped = _normalize(line)
        if stripped:
            piece = _Piece(number, stripped)
            if _is_menu(line):
                piece.reason = "navigation"
            pieces.append(piece)
    return pieces


def _is_menu(line: str) -> bool:
    """A navigation bar ("Home | News | Sport", "Menu   Search   Sign In") or a breadcrumb."""
    if _BREADCRUMB.fullmatch(line.strip()):
        return True
    cells = [c for c in _MENU_SPLIT.split(line.strip()) if c]
    return len(cells) >= 3 and all(len(c.split()) <= 3 and not c.endswith((".", "?", "!")) for c in cells)


def _normalize(line: str) -> str:
    return " ".join(line.split())


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _is_body_like(text: str) -> bool:
    return bool(_BODY_END.search(text)) and len(text.split()) >= 4


def _mark_captions(pieces: list[_Piece]) -> None:
    """Captions beside a photo credit."""
    keys: dict[str, int] = {}
    for piece in pieces:
        keys[_key(piece.text)] = keys.get(_key(piece.text), 0) + 1
    for i, piece in enumerate(pieces):
        if piece.reason is not None:
            continue
        neighbours = [pieces[j] for j in (i - 1, i + 1) if 0 <= j < len(pieces)]
        credits = [n for n in neighbours if n.reason == "photo_credit"]
        # Beside a credit, a line is a caption when it is repeated (scrapers keep the alt
        # text and the caption) or shares its raw line with the credit (<i>credit</i><br/>caption).
        if credits and (keys[_key(piece.text)] > 1 or any(n.line == piece.line for n in credits)):
            piece.reason = "caption"


def _mark_caps_teasers(pieces: list[_Piece]) -> None:
    """Other stories' headlines in capitals between paragraphs ("HARBOUR CRANE FALLS ONTO
    QUAY AS STORM HITS THE ISLAND COAST"), unless the article is a digest whose every
    section has a capitalised heading."""
    caps = [p for p in pieces if p.reason is None and len(p.text.split()) >= 3 and rules.all_caps(p.text)]
    if len(caps) >= rules.CAPS_HEADINGS_DIGEST:
        return
    for piece in caps:
        words = len(piece.text.split())
        if rules.ALL_CAPS_TEASER_WORDS <= words <= rules.MAX_BOILERPLATE_WORDS and not piece.text.endswith("?"):
            piece.reason = "related"


def _mark_author_links(pieces: list[_Piece]) -> None:
    """Links to opinion pieces written "Headline: Author" between paragraphs."""
    for piece in pieces:
        if (piece.reason is not None or ": " not in piece.text or piece.text.endswith((".", "!", "?"))
                or len(piece.text.split()) > rules.AUTHOR_LINK_WORDS):
            continue  # "… one of his rivals: Jane Doe." is a sentence
        match = rules.AUTHOR_LINK.fullmatch(piece.text)
        if match and len(match["head"].split()) >= 3 and is_given_name(match["name"].split()[0]):
            piece.reason = "related"


def _mark_lists(pieces: list[_Piece]) -> None:
    """Items under a "Related Stories" / "More from ..." header, and the teaser under "Sponsored"."""
    for i, piece in enumerate(pieces):
        if piece.reason == "sponsored" and len(piece.text.split()) <= 4:
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            if nxt is not None and nxt.reason is None and len(nxt.text.split()) <= 30:
                nxt.reason = "sponsored"
        if piece.reason == "related" and _LIST_HEADER.fullmatch(piece.text):
            for nxt in pieces[i + 1 :]:
                if nxt.reason is not None or _is_body_like(nxt.text) or len(nxt.text.split()) > 15:
                    break
                nxt.reason = "related"


def _mark_truncated_captions(pieces: list[_Piece]) -> None:
    """A line cut with "…" and repeated in full elsewhere (image alt text and its caption)."""
    for piece in pieces:
        if piece.reason not in (None, "caption") or len(piece.text) < 20 or not _TRUNCATED.search(piece.text):
            continue
        stem = _TRUNCATED.sub("", piece.text).rstrip()
        for other in pieces:
            if other is not piece and other.text.startswith(stem) and len(other.text) > len(stem):
                piece.reason = "caption"
                other.reason = "caption"
                break


def _mark_duplicates(pieces: list[_Piece]) -> None:
    """Lines repeated verbatim, and pull quotes (a short line that repeats part of another paragraph)."""
    seen: dict[str, _Piece] = {}
    for index, piece in enumerate(pieces):
        first = seen.get(piece.text)
        if first is not None and piece.reason is None:
            if (
                first.reason is None
                and len(piece.text.split()) >= STANDFIRST_WORDS
                and pieces.index(first) < HEADER_LINES <= index < len(pieces) - FOOTER_LINES
            ):
                first.reason = "duplicate"  # a standfirst over the page repeats a paragraph of the body
            else:
                piece.reason = "duplicate"
        seen.setdefault(piece.text, piece)
    long_texts = [p.text for p in pieces if p.reason is None and len(p.text) > 200]
    for piece in pieces:
        words = len(piece.text.split())
        if piece.reason is None and PULL_QUOTE_WORDS[0] <= words <= PULL_QUOTE_WORDS[1]:
            if any(piece.text in text and piece.text != text for text in long_texts):
                piece.reason = "duplicate"


def _mark_footer(pieces: list[_Piece]) -> None:
    """Author biographies among the last lines."""
    kept = [p for p in pieces if p.reason is None]
    for depth, piece in enumerate(reversed(kept[-FOOTER_CONTACT_LINES:])):
        if len(piece.text.split()) > MAX_BIO_WORDS or not rules.BIO.match(piece.text):
            continue
        if depth < FOOTER_LINES or rules.BIO_CONTACT.search(piece.text):
            piece.reason = "bio"


def _mark_highlights(pieces: list[_Piece]) -> None:
    """A "Story highlights" block at the top: it and the short lines after it."""
    for i, piece in enumerate(pieces[:HEADER_LINES]):
        if piece.reason is None and piece.text.lower().startswith("story highlights"):
            piece.reason = "highlights"
            for nxt in pieces[i + 1 : i + 1 + HEADER_LINES]:
                if nxt.reason is not None or len(nxt.text.split()) > 25 or _is_body_like(nxt.text):
                    break
                nxt.reason = "highlights"
            return


def _header(pieces: list[_Piece]) -> list[_Piece]:
    """Pieces before the first body paragraph (at most HEADER_LINES of them not yet removed)."""
    head: list[_Piece] = []
    open_lines = 0
    for piece in pieces:
        if piece.reason is None:
            if _is_body_like(piece.text) and not meta.date_line(piece.text):
                break
            open_lines += 1
            if open_lines > HEADER_LINES:
                break
        head.append(piece)
    return head


def _mark_header(
    pieces: list[_Piece], found: _Found, *, known_title: str | None, known_authors: Sequence[str]
) -> None:
    head = _header(pieces)
    known_author_keys = {_key(a) for a in known_authors if a}
    title_key = _key(known_title) if known_title else None
    for piece in head:
        if piece.reason is not None:
            continue
        text = piece.text
        if title_key and (_key(text) == title_key or _key(text).endswith(" " + title_key) or _title_less_suffix(
                _key(text), title_key)):
            piece.reason = "title"
            title_key = None  # only the first copy: a later one is a section heading
            continue
        byline = _byline(text, found)
        if byline:
            piece.reason = "byline"
            continue
        if known_author_keys and _key(text) and set(
            _key(n) for n in meta.split_names(re.sub(r"^By:?\s+", "", text))
        ) <= known_author_keys:
            piece.reason = "byline"
            continue
        if _NAME_LINE.fullmatch(text) and _next_is_date(pieces, piece):
            piece.reason = "byline"
            _set_authors(found, (text,), "name line above the date")
            continue
        if _NAME_LINE.fullmatch(text) and any(
            p.reason == "bio" and p.text.startswith((text + ",", text + " ")) for p in pieces
        ):
            piece.reason = "byline"  # "Jane Doe" at the top, "Jane Doe is a columnist …" at the end
            _set_authors(found, (text,), "name line of the author's biography")
            continue
        following = _next_piece(pieces, piece)
        names = meta.split_names(text) if len(text.split()) <= 16 else ()
        if names and all(_NAME_LINE.fullmatch(n) for n in names) and following is not None \
                and _outlet_line(following.text):
            piece.reason = "byline"  # "Jane Doe and Ivo Marsh" over "Harbour Times Sports"
            _set_authors(found, names, "name line above the outlet")
            continue
        outlet = _outlet_line(text)
        if outlet:
            piece.reason = "byline"
            found.outlets.append((meta.outlet_from_signature(outlet) or _title_case(outlet), "outlet name line"))
            continue
    # The title: the first remaining line, if it reads like a headline and a body paragraph follows.
    if found.title is None and not known_title:
        rest = [p for p in pieces if p.reason is None]
        if len(rest) >= 2:
            first, second = rest[0], rest[1]
            words = len(first.text.split())
            if (
                any(p is first for p in head)
                and TITLE_WORDS[0] <= words <= TITLE_WORDS[1]
                and not first.text.endswith(_END_PUNCT)
                and first.text[:1].isupper()
                and _is_body_like(second.text)
                and not meta.date_line(first.text)
            ):
                first.reason = "title"
                found.title = first.text
                found.note("title", first.text, "first line")


def _title_less_suffix(key: str, title_key: str) -> bool:
    """The given title is this line plus a suffix the page added ("… : Outlet", share
    buttons' words): at least 4 of the line's words, and at least half the title's."""
    words = len(key.split())
    return title_key.startswith(key + " ") and words >= 4 and words >= len(title_key.split()) / 2


def _next_is_date(pieces: list[_Piece], piece: _Piece) -> bool:
    following = _next_piece(pieces, piece)
    return following is not None and following.reason == "date"


def _next_piece(pieces: list[_Piece], piece: _Piece) -> _Piece | None:
    index = next(i for i, p in enumerate(pieces) if p is piece)
    return pieces[index + 1] if index + 1 < len(pieces) else None


_SECTION = re.compile(r"\s+(?:Sports|Politics|News|Opinion|Money|Business|Tech|Life|Travel|World|Nation|Health)$")


def _outlet_line(text: str) -> str | None:
    """The outlet a short header line names ("Harbour Times", "HARBOUR TIMES Sports"), or None."""
    if len(text.split()) > 5:
        return None
    for name in (text, _SECTION.sub("", text)):
        if name and meta.looks_like_outlet(name):
            return name
    return None


def _title_case(name: str) -> str:
    return name.title() if name.isupper() else name


def _byline(text: str, found: _Found) -> bool:
    if len(text.split()) > 16:
        return False
    match = meta.BY_STAFF.match(text)
    if match:
        outlet = meta.outlet_from_signature(match["outlet"]) or match["outlet"].strip()
        found.outlets.append((outlet, "staff byline"))
        return True
    match = meta.STAFF_BYLINE.match(text)
    if match and meta.outlet_from_signature(match["outlet"]):
        found.outlets.append((meta.outlet_from_signature(match["outlet"]) or "", "staff byline"))
        if match["names"]:
            _set_authors(found, meta.split_names(match["names"]), "staff byline")
        return True
    match = meta.BYLINE.match(text)
    if match:
        names = meta.split_names(match["names"])
        outlet = match["outlet"]
        if outlet is None and len(names) > 1 and meta.looks_like_outlet(names[-1]):
            outlet, names = names[-1], names[:-1]
        names = tuple(n for n in names if not meta.JOB_TITLE.search(n))
        if outlet and meta.looks_like_outlet(outlet):
            found.outlets.append((meta.outlet_from_signature(outlet) or outlet.strip(), "byline"))
        _set_authors(found, names, "byline")
        return True
    return False


def _set_authors(found: _Found, names: tuple[str, ...], source: str) -> None:
    if not found.authors and names:
        found.authors = names
        found.note("authors", ", ".join(names), source)


def _mark_date_lines(pieces: list[_Piece], found: _Found) -> None:
    """Date stamp lines leave the body; the first one that is not an update's ("Edited
    time: …", "Last updated …") gives the publication date, else the first update's. A
    date's label alone ("Published On", its date a ``<time>`` element that the HTML
    extraction drops) leaves too."""
    update = None
    for piece in pieces:
        if piece.reason is not None and piece.reason not in ("navigation",):
            continue
        if _DATE_LABEL.fullmatch(piece.text):  # its date was markup the extraction dropped
            piece.reason = "date"
            continue
        date = meta.date_line(piece.text)
        if date and len(piece.text.split()) <= 14:
            piece.reason = "date"
            if UPDATE_LABEL.search(piece.text):
                update = update or date
            elif found.published is None:
                found.published = date
                found.note("published", date, "date line")
    if found.published is None and update:
        found.published = update
        found.note("published", update, "update stamp (published on or before)")


def _mark_lead_caption(pieces: list[_Piece]) -> None:
    """The caption of a photo above the story: the first line left after the header, when a
    photo credit follows it and the story's dateline opens the next line ("Smoke rises over
    the pier." / "Photo: ..." / "SALTMERE (AP) — ...")."""
    kept = [i for i, p in enumerate(pieces) if p.reason is None]
    if len(kept) < 2 or kept[0] + 1 >= len(pieces) or pieces[kept[0] + 1].reason != "photo_credit":
        return
    caption, lead = pieces[kept[0]], pieces[kept[1]]
    if len(caption.text.split()) <= MAX_CAPTION_WORDS and _opens_with_dateline(lead.text) \
            and not _opens_with_dateline(caption.text):
        caption.reason = "caption"


def _mark_caption_over_headline(pieces: list[_Piece], known_title: str | None) -> None:
    """A first line that is a photo's caption run into the page's short headline: "The pier
    reopened on Monday. | Ivo Marsh/KPN Ferries return to the pier", where the words after
    the caption's last full stop or bar are (nearly all) words of the known title, in a
    tail with no full stop of its own."""
    if not known_title:
        return
    kept = [p for p in pieces if p.reason is None]
    if not kept:
        return
    first = kept[0]
    cut = max(first.text.rfind(". "), first.text.rfind(" | "))
    tail = first.text[cut + 2 :].split() if cut > 0 else []
    if len(tail) < 3 or len(first.text.split()) > MAX_CAPTION_WORDS + len(tail) or first.text.endswith(_END_PUNCT):
        return
    title_words = set(_key(known_title).split())
    tail_words = _key(" ".join(tail)).split()
    if len(tail_words) >= 3 and sum(w in title_words for w in tail_words[-3:]) == 3 \
            and sum(w in title_words for w in tail_words) >= 0.6 * len(tail_words):
        first.reason = "caption"


def _opens_with_dateline(text: str) -> bool:
    if meta.DATELINE_SIGNED.match(text):
        return True
    match = meta.DATELINE_PLACE.match(text)
    return bool(match) and len(match["place"]) >= 3 and sum(c.isupper() for c in match["place"]) >= 3


def _strip_dateline(pieces: list[_Piece], found: _Found) -> None:
    """Cut a date prefix and the dateline from the first body paragraph."""
    first = next((p for p in pieces if p.reason is None and _is_body_like(p.text)), None)
    if first is None:
        return
    match = meta.DATE_PREFIX.match(first.text)
    if match:
        date = meta.parse_date(match["date"])
        found.removed.append(Removed(text=match.group(0).strip(), reason="date", line=first.line))
        first.text = first.text[match.end() :]
        if date and found.published is None:
            found.published = date
            found.note("published", date, "date prefix")
    match = meta.DATELINE_SIGNED.match(first.text)
    if match:
        signer = match["outlet"].strip()
        outlet = meta.outlet_from_signature(signer)
        if match["place"]:
            found.dateline = _DATELINE_DATE.sub("", match["place"]).strip()
            found.note("dateline", found.dateline, "dateline")
        if outlet:
            found.outlets.append((outlet, "dateline signature"))
            if outlet in meta.WIRE_NAMES:
                found.note("wire", outlet, "dateline")
        found.removed.append(Removed(text=match.group(0).strip(), reason="dateline", line=first.line))
        first.text = first.text[match.end() :]
        return
    match = meta.DATELINE_PLACE.match(first.text)
    if match and len(match["place"]) >= 3 and sum(c.isupper() for c in match["place"]) >= 3:
        found.dateline = _DATELINE_DATE.sub("", match["place"]).strip()
        found.note("dateline", found.dateline, "dateline")
        found.removed.append(Removed(text=match.group(0).strip(), reason="dateline", line=first.line))
        first.text = first.text[match.end() :]


def _collect_signatures(pieces: list[_Piece], found: _Found) -> None:
    """Outlet from copyright lines; wire credits from removed lines (footers, credits)."""
    wires = [e.value for e in found.evidence if e.field == "wire"]
    for piece in pieces:
        if piece.reason == "copyright":
            match = meta.COPYRIGHT_HOLDER.search(piece.text)
            holder = match["holder"].strip() if match else ""
            outlet = meta.outlet_from_signature(holder) or (holder if meta.looks_like_outlet(holder) else None)
            if outlet:
                found.outlets.append((outlet, "copyright line"))
        if piece.reason is None:
            continue  # wire credits sit in datelines and footers, which are removed lines
        for match in meta.WIRE_CREDIT.finditer(piece.text):
            raw = next(g for g in match.groups() if g)
            if match["contributing"]:
                raw = match["contributing"]
            wire = meta.outlet_from_signature(raw) or ("CNN Newsource" if "cnn" in raw.lower() else None)
            if wire and wire not in wires:
                wires.append(wire)
                found.note("wire", wire, f"credit line {piece.line}")
    # Prefer the outlet's own signatures over a wire's: sort wires last, keep order otherwise.
    found.outlets.sort(key=lambda item: item[0] in meta.WIRE_NAMES)


def _cut_fragments(piece: _Piece, found: _Found) -> str:
    text = piece.text
    if not rules.FRAGMENT_HINT.search(text):
        return text
    for _ in range(3):
        before = text
        for reason, pattern in rules.FRAGMENT_RULES:
            for match in pattern.finditer(text):
                if match.group(0).strip():
                    found.removed.append(Removed(text=match.group(0).strip(), reason=reason, line=piece.line))
            text = _normalize(pattern.sub(" ", text))
        if text == before:
            break
    return text


def _mark_headings(pieces: list[_Piece]) -> None:
    kept = [p for p in pieces if p.reason is None]
    for i, piece in enumerate(kept[:-1]):
        words = piece.text.split()
        if (
            len(words) <= MAX_HEADING_WORDS
            and not piece.text.endswith(_END_PUNCT)
            and piece.text[:1].isupper()
            and any(ch.isalpha() for ch in piece.text)
            and _is_body_like(kept[i + 1].text)
        ):
            piece.heading = True


def _join(kept: list[_Piece]) -> tuple[str, tuple[Span, ...]]:
    parts: list[str] = []
    headings: list[Span] = []
    offset = 0
    for piece in kept:
        if parts:
            offset += 2
        if piece.heading:
            headings.append(Span(offset, offset + len(piece.text)))
        parts.append(piece.text)
        offset += len(piece.text)
    return "\n\n".join(parts), tuple(headings)
