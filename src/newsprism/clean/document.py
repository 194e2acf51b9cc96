"""Turn a ``RawDocument`` into an ``Article``: clean the text or page, then let the given
metadata win over what the cleaner inferred (recording the evidence either way).

Outlet, in order: given ``outlet``; the URL's domain when it is a well-known one (a
syndicated copy belongs to the site that ran it); signatures in the text (staff byline,
byline, copyright line, an outlet-name line, "(CNN) —"), with wire agencies last; the
readable name made from an unknown domain, which also replaces a wire-only signature.
Wire credits stay in ``evidence`` as ``Evidence(field="wire", ...)``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from newsprism.clean import meta
from newsprism.clean.html import clean_html
from newsprism.clean.text import CleanedText, clean_text, repair_text
from newsprism.errors import ArticleTooLongError, ArticleTooShortError, CleanError, EmptyInputError
from newsprism.records import Article, Evidence, RawDocument

# An article's body after cleaning must hold at least MIN_ARTICLE_WORDS words: a page with
# no article ("Sign In", "Enable JavaScript", a frameset's title) is reported, not stored as
# a story. A news brief runs to 30 words or more; the shortest body in the 4,000 AllSides
# articles has more than 5.
MIN_ARTICLE_WORDS = 5
# ... and at most MAX_ARTICLE_CHARS characters: the longest of the 4,000 AllSides articles
# has under 50,000, and the comparison stages grow faster than linearly with one article's
# length (a 250 KB text took 40 s and 1.5 GB to analyse, a 1 MB one over 9 minutes), so a
# longer text is a book, a dump or several articles run together.
MAX_ARTICLE_CHARS = 200_000


def clean_document(doc: RawDocument, *, default_id: str | None = None) -> Article:
    """Clean one raw document. Raises ``EmptyInputError`` when no body is left."""
    given = doc.meta or {}
    url = _given_str(given, "url")
    if doc.html and doc.html.strip():
        cleaned = clean_html(doc.html, url=url)
    elif doc.text is not None and doc.text.strip():
        if "\x00" in doc.text:
            raise CleanError("remove NUL bytes or pass the file as text", source=doc.source, problem="the text holds NUL bytes")
        cleaned = clean_text(
            doc.text, known_title=_given_str(given, "title"), known_authors=_given_authors(given)
        )
    else:
        raise EmptyInputError(source=doc.source)
    if not cleaned.body.strip():
        raise EmptyInputError(
            f"(every line was boilerplate: {len(cleaned.removed)} removed)", source=doc.source
        )
    words = cleaned.body.split()
    if len(words) < MIN_ARTICLE_WORDS:
        raise ArticleTooShortError(source=doc.source, words=len(words), text=" ".join(words))
    if len(cleaned.body) > MAX_ARTICLE_CHARS:
        raise ArticleTooLongError(source=doc.source, chars=f"{len(cleaned.body):,}", limit=f"{MAX_ARTICLE_CHARS:,}")
    return _to_article(doc, cleaned, given, url=url, default_id=default_id)


def content_hash(title: str | None, text: str) -> str:
    """sha256 of the normalised title and text (case and whitespace folded)."""
    normal = re.sub(r"\s+", " ", f"{title or ''}\n{text}").strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _to_article(
    doc: RawDocument, cleaned: CleanedText, given: dict[str, Any], *, url: str | None, default_id: str | None
) -> Article:
    evidence = [e for e in cleaned.evidence]
    values: dict[str, Any] = {
        "title": cleaned.title, "outlet": cleaned.outlet, "authors": cleaned.authors,
        "published": cleaned.published, "story": None,
    }
    given_values: dict[str, Any] = {
        "title": _given_str(given, "title"),
        "outlet": _given_str(given, "outlet"),
        "authors": _given_authors(given) or None,
        "published": meta.normalize_given_date(given["published"]) if given.get("published") else None,
        "story": _given_str(given, "story"),
    }
    if given.get("published") and not given_values["published"]:
        # kept in the evidence so a date that went missing can be traced to its input
        shown = " ".join(str(given["published"]).split())[:80]
        year = re.match(r"\s*(\d{4})-\d{1,2}-\d{1,2}\b", shown)
        if year and not 1900 <= int(year.group(1)) <= 2099:
            why = "given, not read as a date (publication years 1900-2099 are read): ignored"
        elif meta.ISO_DATETIME.match(shown):
            why = "given, not a valid ISO 8601 date and time: ignored"
        else:
            why = "given, not read as a date: ignored"
        evidence.append(Evidence(field="published", value=shown, source=why))
    for name, value in given_values.items():
        if value:
            values[name] = tuple(value) if name == "authors" else value
            evidence = [e for e in evidence if e.field != name]
            shown = ", ".join(value) if name == "authors" else str(value)
            evidence.append(Evidence(field=name, value=shown, source="given"))
    if not values["outlet"] and url:
        from_url = meta.outlet_from_url(url)
        if from_url:
            values["outlet"] = from_url[0]
            evidence = [e for e in evidence if e.field != "outlet"]
            evidence.append(Evidence(field="outlet", value=from_url[0], source=from_url[1]))
    elif values["outlet"] and url and not given_values["outlet"]:
        # URL domain beats signatures found in the text (a syndicated copy belongs to its site).
        from_url = meta.outlet_from_url(url)
        known_site = from_url and (from_url[1] == "url domain" or values["outlet"] in meta.WIRE_NAMES)
        if from_url and known_site and from_url[0] != values["outlet"]:
            evidence = [e for e in evidence if e.field != "outlet"]
            values["outlet"] = from_url[0]
            evidence.append(Evidence(field="outlet", value=from_url[0], source=from_url[1]))
    for name, shown in (given.get("ignored") or {}).items():  # given fields of the wrong type
        evidence.append(Evidence(field=name, value=shown, source="given, not text: ignored"))
    if given.get("decoded_from"):  # the input was not UTF-8: say how it was read
        evidence.append(Evidence(field="encoding", value=str(given["decoded_from"]), source="not UTF-8: decoded as this"))
    if given.get("taken_from_feed"):  # a feed's own text, read because the page could not be
        evidence.append(Evidence(field="body", value="the feed entry's own text",
                                 source=" ".join(str(given["taken_from_feed"]).split())[:300]))
    digest = content_hash(values["title"], cleaned.body)
    article_id = _given_str(given, "id") or default_id or "a" + digest[:12]
    return Article(
        id=article_id, text=cleaned.body, source=doc.source, title=values["title"], outlet=values["outlet"],
        url=url, authors=tuple(values["authors"] or ()), published=values["published"],
        dateline=cleaned.dateline, language=cleaned.language, story=values["story"],
        headings=cleaned.headings, removed=cleaned.removed, evidence=tuple(evidence), content_hash=digest,
    )


def _given_str(given: dict[str, Any], key: str) -> str | None:
    """A given value as one line of text, mojibake repaired as in the body."""
    value = given.get(key)
    if value is None:
        return None
    text = " ".join(repair_text(str(value)).split())
    return text or None


def _given_authors(given: dict[str, Any]) -> tuple[str, ...]:
    """Given author names, repaired and tidied: quotes around a name dropped, and a name
    dropped when it is a cut-off copy of another in the list ("Tina Nguye", "Tina Nguyen"),
    which scrapers produce."""
    value = given.get("authors")
    if not value:
        return ()
    if isinstance(value, str):
        names = meta.split_names(repair_text(value))
    else:
        names = tuple(" ".join(repair_text(str(v)).split()) for v in value)
    names = tuple(dict.fromkeys(n.strip(" \"'“”") for n in names if n.strip(" \"'“”")))
    return tuple(n for n in names if not any(_cut_off(n, o) for o in names))


def _cut_off(name: str, other: str) -> bool:
    """``name`` is ``other`` with its last one or two letters missing."""
    rest = other[len(name):]
    return other.startswith(name) and 0 < len(rest) <= 2 and rest.isalpha()
