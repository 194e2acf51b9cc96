"""An archive for the web app's tests, built without the language models: the hand-built
report's articles stored, filed into its two stories, and each story's analysis kept in
the store as `newsprism show` keeps it (so the app reads it back instead of analysing)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from newsprism.archive import _encode_analysis, analysis_key
from newsprism.store import open_store
from tests._render_sample import sample_report

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def sample_archive(path: Path | str) -> Path | str:
    """An archive at ``path`` (a SQLite file or a PostgreSQL URL) holding the sample
    report; returns ``path``."""
    report = sample_report()
    with open_store(path) as store:
        for article in report.articles:
            store.add_article(article)
        for analysis in report.stories:
            store.save_story(analysis.story, event="created")
            members = [store.get_article(a) for a in analysis.story.article_ids]
            key = analysis_key(analysis.story, members, summary_words=None)
            store.save_analysis(analysis.story.id, key, _encode_analysis(replace(analysis, articles=tuple(members))))
    return path


def form_token(page: str) -> str:
    """The add form's token in an HTML page."""
    found = TOKEN.search(page)
    assert found, "the add page has no token field"
    return found.group(1)
