"""Clean an HTML page: trafilatura extracts the body and metadata, htmldate the date, and
the text cleaner then removes the news boilerplate trafilatura leaves (captions, prompts)."""

from __future__ import annotations

import dataclasses
import re
import warnings

from newsprism.clean import meta
from newsprism.clean.text import CleanedText, clean_text
from newsprism.errors import CleanError
from newsprism.records import Evidence, Removed

_SCRIPT = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/h[1-6]|/li|/tr|/blockquote|/figcaption)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def clean_html(html: str, *, url: str | None = None) -> CleanedText:
    """Clean an article page. Raises ``CleanError`` when the page cannot be parsed at all.

    Page metadata (title, author, site name) and htmldate's date fill what the text does
    not give; a site name beats a wire agency found in the dateline. ``Removed.line``
    numbers refer to the lines of the text trafilatura extracted, and one ``html_chrome``
    entry (line -1) records that the page around the article was dropped.
    """
    extracted, page_meta = _extract(html, url=url)
    removed: list[Removed] = []
    if not extracted.strip():
        extracted = _strip_tags(html)
        removed.append(Removed(text="(page chrome)", reason="html_chrome"))
    else:
        removed.append(Removed(text="(page chrome outside the article, removed by trafilatura)", reason="html_chrome"))
    cleaned = clean_text(extracted, known_title=page_meta.get("title"))
    evidence: list[Evidence] = []
    updates: dict[str, object] = {}
    title = page_meta.get("title")
    if title:
        updates["title"] = title
        evidence.append(Evidence("title", title, "html metadata"))
    authors = page_meta.get("author")
    if authors and not cleaned.authors:
        names = meta.split_names(authors.replace(";", ","))
        updates["authors"] = names
        evidence.append(Evidence("authors", ", ".join(names), "html metadata"))
    date = _find_date(html, url=url) or page_meta.get("date")
    if date and not cleaned.published:
        updates["published"] = date
        evidence.append(Evidence("published", date, "htmldate"))
    outlet = page_meta.get("sitename")
    if outlet and (not cleaned.outlet or cleaned.outlet in meta.WIRE_NAMES):
        name = meta.outlet_from_signature(outlet) or outlet
        updates["outlet"] = name
        evidence.append(Evidence("outlet", name, "html metadata (site name)"))
    kept = [e for e in cleaned.evidence if e.field not in updates]
    return dataclasses.replace(
        cleaned, removed=tuple(removed) + cleaned.removed, evidence=tuple(kept + evidence), **updates
    )


def _extract(html: str, *, url: str | None) -> tuple[str, dict[str, str]]:
    try:
        import trafilatura
    except ImportError as error:  # pragma: no cover - a required dependency
        raise CleanError("trafilatura is not installed", source=url or "<html>", problem="missing trafilatura") from error
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, include_tables=True,
                include_images=False, favor_precision=False,
            )
    except Exception as error:  # trafilatura/lxml raise many types on broken markup
        raise CleanError(
            "the HTML could not be parsed; pass the article text instead",
            source=url or "<html>", problem=f"{type(error).__name__}: {error}",
        ) from error
    if document is None:
        return "", {}
    data = document if isinstance(document, dict) else document.as_dict()
    text = data.get("text") or ""
    fields = {k: str(v) for k in ("title", "author", "date", "sitename") if (v := data.get(k))}
    return text, fields


def _find_date(html: str, *, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            date = find_date(html, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate fails on odd markup; the date is optional
        return None
    return meta.normalize_given_date(date) if date else None


def _strip_tags(html: str) -> str:
    import html as html_lib

    text = _SCRIPT.sub(" ", html)
    text = _BLOCK.sub("\n", text)
    text = _TAG.sub(" ", text)
    return html_lib.unescape(text) if _ENTITY.search(text) else text
