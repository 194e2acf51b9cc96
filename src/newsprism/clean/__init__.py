"""Cleaning: raw document -> article (body, title, byline, dateline, date, outlet, language).

``clean_document`` is the stage the pipeline calls; ``clean_text`` and ``clean_html`` are
its two lower-level steps. Reason codes of removed lines are listed in
``newsprism.clean.rules``.
"""

from __future__ import annotations

from newsprism.clean.document import clean_document, content_hash
from newsprism.clean.html import clean_html
from newsprism.clean.text import CleanedText, clean_text, detect_language, repair_text

__all__ = ["CleanedText", "clean_document", "clean_html", "clean_text", "content_hash", "detect_language", "repair_text"]
