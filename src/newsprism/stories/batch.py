"""Large collections on a Dask cluster, with the same result as the single-process run.

read inputs (client) -> clean in batches (workers) -> de-duplicate (client) -> embed the
texts the clusterer compares, in batches (workers) -> group into stories (client:
sequential, and cheap once the embeddings are there) -> analyse each story (workers) ->
Report.

A failing article becomes a ``Failure`` exactly as in ``newsprism.analyze``; a story
whose analysis raises is kept with an empty analysis and a ``Failure`` naming it, so one
bad story never sinks the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from newsprism.analyze import clean_one, deduplicate
from newsprism.errors import MissingDependencyError
from newsprism.records import Article, Failure, RawDocument, Report, Story, StoryAnalysis
from newsprism.stories.clusterer import CachedEmbedder
from newsprism.stories.features import embed_text

# Raw documents per cleaning task: big enough that scheduling overhead (~1 ms a task) is
# noise next to cleaning (~5-20 ms a document), small enough to spread over the workers.
CLEAN_BATCH = 64
# Texts per embedding task: a few seconds of MiniLM on one core (~30-40 texts/s), long
# next to scheduling, short enough to spread a few thousand texts over the workers.
EMBED_BATCH = 128
LOCAL_WORKERS = 2

ReadFn = Callable[..., Iterable[RawDocument | Failure]]
CleanFn = Callable[[RawDocument], Article]
AnalyzeFn = Callable[..., StoryAnalysis]
GroupFn = Callable[..., list[Story]]
EmbedFn = Callable[[Sequence[str]], Any]


def run_batch(
    inputs: Sequence[str],
    *,
    scheduler: str | None = None,
    meta_file: str | None = None,
    one_story: bool = False,
    summary_words: int | None = None,
    progress: bool = True,
    client: Any = None,
    read: ReadFn | None = None,
    clean: CleanFn | None = None,
    group: GroupFn | None = None,
    analyze_one: AnalyzeFn | None = None,
    embed: EmbedFn | None = None,
) -> Report:
    """Analyse ``inputs`` on Dask: ``scheduler`` is a scheduler address, or None for a
    local cluster of two worker processes. ``client`` reuses an open ``distributed.Client``.

    ``read``/``clean``/``group``/``analyze_one``/``embed`` default to the pipeline's own
    stages (``ingest.read_inputs``, ``clean.clean_document``, ``stories.group_stories``,
    ``analyze.analyze_story``, ``language.models.embed``); tests pass stand-ins. ``group``
    receives the embeddings computed on the workers as ``embedder=``.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - depends on the install
        raise MissingDependencyError(feature="Batch runs", package="dask[distributed]", extra="dask") from error
    if read is None:
        from newsprism.ingest import read_inputs as read
    if group is None:
        from newsprism.stories.group import group_stories as group
    if analyze_one is None:
        from newsprism.analyze import analyze_story as analyze_one

    items = list(read(inputs, meta_file=meta_file))
    cluster = None
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, dashboard_address=":0")
            client = Client(cluster)
        own_client = True
    else:
        own_client = False
    try:
        batches = [items[i : i + CLEAN_BATCH] for i in range(0, len(items), CLEAN_BATCH)]
        futures = client.map(_clean_batch, batches, clean=clean, pure=False)
        cleaned = _gather(client, futures, progress, "cleaning")
        results = [result for batch in cleaned for result in batch]
        loaded = deduplicate(zip(results, [item.source for item in items], strict=True))
        articles, failures = loaded.articles, loaded.failures
        embedder = None if one_story else _embed_on_workers(client, articles, embed, progress)
        stories = group(articles, one_story=one_story, embedder=embedder)
        by_id = {a.id: a for a in articles}
        story_articles = [[by_id[i] for i in s.article_ids] for s in stories]
        futures = client.map(
            _analyze_safely, stories, story_articles, analyze_one=analyze_one, summary_words=summary_words, pure=False
        )
        analyses = []
        for analysis, failure in _gather(client, futures, progress, "stories"):
            analyses.append(analysis)
            if failure is not None:
                failures.append(failure)
            # an analysis may return its articles updated (e.g. an inferred date)
            by_id.update((a.id, a) for a in analysis.articles)
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    return Report(articles=tuple(by_id[a.id] for a in articles), stories=tuple(analyses), failures=tuple(failures))


def _embed_on_workers(client: Any, articles: Sequence[Article], embed: EmbedFn | None, progress: bool) -> CachedEmbedder:
    """The clusterer's embeddings (title + lead of each article it will cluster), computed
    in batches on the workers and handed to the client's sequential pass as a cache."""
    texts = list(dict.fromkeys(embed_text(a) for a in articles if not a.story))
    batches = [texts[i : i + EMBED_BATCH] for i in range(0, len(texts), EMBED_BATCH)]
    futures = client.map(_embed_batch, batches, embed=embed, pure=False)
    cache = CachedEmbedder(embed)
    for batch, vectors in zip(batches, _gather(client, futures, progress, "embedding"), strict=True):
        cache.remember(batch, vectors)
    return cache


def _embed_batch(texts: list[str], *, embed: EmbedFn | None = None) -> np.ndarray:
    """One embedding task on a worker (its model is loaded once per worker process)."""
    if embed is None:
        from newsprism.language.models import embed
    return np.asarray(embed(texts), dtype=np.float32)


def _gather(client: Any, futures: list, progress: bool, label: str) -> list:
    """Results in submission order, with a progress bar as they complete."""
    from distributed import as_completed
    from tqdm import tqdm

    with tqdm(total=len(futures), desc=label, disable=not progress, unit="task") as bar:
        for _ in as_completed(futures):
            bar.update(1)
    return client.gather(futures)


def _clean_batch(items: list[RawDocument | Failure], *, clean: CleanFn | None = None) -> list[Article | Failure]:
    """Clean each document of one batch on a worker; errors become Failures as in analyze()."""
    return [clean_one(item, clean=clean) for item in items]


def _analyze_safely(
    story: Story, articles: list[Article], *, analyze_one: AnalyzeFn, summary_words: int | None
) -> tuple[StoryAnalysis, Failure | None]:
    try:
        return analyze_one(story, articles, summary_words=summary_words), None
    except Exception as error:  # one bad story is reported, the batch goes on
        reason = f"analysis of story {story.id} failed ({type(error).__name__}: {error}); its articles are kept"
        return StoryAnalysis(story=story, notes=(reason,)), Failure(f"story:{story.id}", reason)
