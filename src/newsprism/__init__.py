"""newsprism: compare what news outlets report about the same events.

The public API: read and clean inputs, analyse them, and the records that flow between
the stages. Each stage also stays importable from its own folder (``newsprism.clean``,
``newsprism.compare.claims``, ...); see docs/architecture.md.
"""

from __future__ import annotations

from newsprism.analyze import analyze, analyze_articles, analyze_story, clean_documents, load_articles
from newsprism.errors import NewsprismError
from newsprism.records import (
    Article,
    Claim,
    Discrepancy,
    Entity,
    Failure,
    Quote,
    RawDocument,
    Report,
    Story,
    StoryAnalysis,
    SummarySentence,
    Syndication,
    TimelineEntry,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "Discrepancy",
    "Entity",
    "Failure",
    "NewsprismError",
    "Quote",
    "RawDocument",
    "Report",
    "Story",
    "StoryAnalysis",
    "SummarySentence",
    "Syndication",
    "TimelineEntry",
    "__version__",
    "analyze",
    "analyze_articles",
    "analyze_story",
    "clean_documents",
    "load_articles",
]
