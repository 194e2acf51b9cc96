"""run_batch on a local Dask cluster: same result as one process, failures recorded."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence

import pytest

from newsprism.errors import CleanError
from newsprism.records import Article, Failure, RawDocument, Report, Story, StoryAnalysis
from tests.stories_fixtures import QUAKE_A, QUAKE_B, TRIAL, fake_embed

pytest.importorskip("distributed")

from newsprism.stories import group_stories  # noqa: E402
from newsprism.stories.batch import run_batch  # noqa: E402


def _read(inputs: Sequence[str], *, meta_file: str | None = None) -> Iterable[RawDocument | Failure]:
    texts = {f"doc{i}": row for i, row in enumerate(QUAKE_A + QUAKE_B + TRIAL)}
    for name in inputs:
        if name == "missing":
            yield Failure(name, "no such file")
        elif name == "broken":
            yield RawDocument(source=name, text="")
        elif name == "copy":
            title, text = texts["doc0"]
            yield RawDocument(source=name, text=text, meta={"id": "copy", "title": title})
        else:
            title, text = texts[name]
            yield RawDocument(source=name, text=text, meta={"id": name, "title": title})


def _clean(doc: RawDocument) -> Article:
    if not doc.text:
        raise CleanError(source=doc.source, problem="nothing left after cleaning")
    digest = hashlib.sha1(doc.text.encode()).hexdigest()
    return Article(id=doc.meta["id"], title=doc.meta["title"], text=doc.text, published="2026-03-03",
                   content_hash=digest)


def _group(articles: Sequence[Article], *, one_story: bool = False, embedder=None) -> list[Story]:
    return group_stories(articles, one_story=one_story, embedder=embedder or fake_embed)


def _analyze(story: Story, articles: Sequence[Article], *, summary_words: int | None = None) -> StoryAnalysis:
    if any(a.id == "doc5" for a in articles):
        raise RuntimeError("boom")
    return StoryAnalysis(story=story, notes=(f"{len(articles)} articles, {summary_words} words",))


# Worker tasks get their functions pickled; a module-level function is sent by reference,
# so what it records lands here (the test cluster's workers are threads of this process).
_EMBED_CALLS: list[tuple[str, int]] = []


def _recording_embed(texts: Sequence[str]):
    _EMBED_CALLS.append((threading.current_thread().name, len(texts)))
    return fake_embed(texts)


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            yield client


def _sequential(inputs: Sequence[str]) -> tuple[list[Article], list[str]]:
    articles, failures = [], []
    for item in _read(inputs):
        if isinstance(item, Failure):
            failures.append(item.source)
            continue
        try:
            articles.append(_clean(item))
        except CleanError:
            failures.append(item.source)
    return articles, failures


@pytest.mark.slow
def test_batch_run_matches_sequential_stages_and_records_failures(client) -> None:
    inputs = ["doc0", "doc3", "missing", "doc1", "doc5", "broken", "doc4", "doc6", "doc2", "copy"]
    report = run_batch(inputs, client=client, read=_read, clean=_clean, group=_group, analyze_one=_analyze,
                       embed=fake_embed, summary_words=50, progress=False)
    assert isinstance(report, Report)
    articles, _ = _sequential(inputs)
    expected_stories = _group([a for a in articles if a.id != "copy"])
    assert [a.id for a in report.articles] == [a.id for a in articles if a.id != "copy"]
    assert [s.story for s in report.stories] == expected_stories
    failed = {f.source for f in report.failures}
    assert {"missing", "broken", "copy"} <= failed  # unreadable, uncleanable, duplicate content
    broken_story = next(s.story.id for s in report.stories if "doc5" in s.story.article_ids)
    assert f"story:{broken_story}" in failed  # a failing analysis is recorded, not fatal
    ok = [s for s in report.stories if s.story.id != broken_story]
    assert all(s.notes[0].endswith("50 words") for s in ok)


@pytest.mark.slow
def test_batch_run_one_story(client) -> None:
    report = run_batch(["doc0", "doc3", "doc6"], client=client, read=_read, clean=_clean, group=_group,
                       analyze_one=_analyze, one_story=True, progress=False)
    assert len(report.stories) == 1 and report.stories[0].story.article_ids == ("doc0", "doc3", "doc6")


@pytest.mark.slow
def test_batch_run_default_local_cluster_of_processes(capsys) -> None:
    report = run_batch(["doc0", "doc3", "doc1"], read=_read, clean=_clean, group=_group, analyze_one=_analyze,
                       embed=fake_embed, progress=True)
    assert [a.id for a in report.articles] == ["doc0", "doc3", "doc1"]
    assert sorted(len(s.story.article_ids) for s in report.stories) == [1, 2]
    assert "stories" in capsys.readouterr().err  # the progress bar was shown


@pytest.mark.slow
def test_batch_run_embeds_on_the_workers(client) -> None:
    """The clusterer's embeddings are computed by worker tasks; the client's sequential
    grouping pass only reads them from the cache it is handed."""
    from newsprism.stories.features import embed_text

    calls = _EMBED_CALLS
    calls.clear()
    seen: dict[str, object] = {}

    def group(articles: Sequence[Article], *, one_story: bool = False, embedder=None) -> list[Story]:
        seen["embedder"] = embedder
        before = len(calls)
        stories = group_stories(articles, one_story=one_story, embedder=embedder)
        seen["client_calls"] = len(calls) - before
        return stories

    inputs = ["doc0", "doc3", "doc1", "doc4", "doc6", "doc2"]
    report = run_batch(inputs, client=client, read=_read, clean=_clean, group=group, analyze_one=_analyze,
                       embed=_recording_embed, progress=False)
    articles, _ = _sequential(inputs)
    assert seen["client_calls"] == 0  # grouping never had to embed
    assert calls and all(name != threading.main_thread().name for name, _ in calls)
    assert sum(n for _, n in calls) == len({embed_text(a) for a in articles})
    assert [s.story for s in report.stories] == _group(articles)
