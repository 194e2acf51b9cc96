"""The archive: ingest articles into the store and keep its stories up to date.

``ingest_documents`` is what ``newsprism ingest`` runs, in two steps. ``store_documents``
cleans and stores each article (idempotently: a duplicate is stored once, a changed version
of the same URL becomes a revision); then ``assign_stories`` gives each article new to the
archive a story with the incremental clusterer, in order of publication date, whatever
order the inputs came in. The assignments, the touched stories and the clusterer's state
are saved together, in one transaction, every ``CHECKPOINT_EVERY`` assigned articles and at
the end, so an interrupted ingest loses at most that many assignments, the store never
holds one the saved clusterer does not know, and a re-run assigns every stored article
that has no story yet. At each
checkpoint the touched stories are re-examined (``StoryClusterer.checkpoint``): those that
have grown enough since they were last re-examined are read again with their stored
articles and split if they hold two events (the part that leaves gets a new id), and
fragments of one event that the stream opened apart are merged, the older id absorbing the
newer (which stays valid as an alias); the store follows. The clusterer embeds through the
store (``StoredEmbedder``), which keeps every article's vector, so a story of any size is
read again without running the model (past ``MAX_SPLIT`` members, split from a sample).

``review_archive`` is what ``newsprism review`` runs: the offline re-examination of every active
story with its stored articles (splits of stories that hold two events, then merges).

``merge_archive_stories``, ``split_archive_story`` and ``rename_archive_story`` are an editor's
corrections (``newsprism merge``, ``split`` and ``rename``): they reach the store with
``"by": "editor"`` in the events' detail, and the clusterer keeps them (reviews do not undo them).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsprism.controls import safe
from newsprism.errors import ConcurrentUpdateError, NewsprismError, StoreError
from newsprism.records import Article, Failure, RawDocument, Report, Story, StoryAnalysis
from newsprism.store.codec import from_json, to_json

if TYPE_CHECKING:
    from newsprism.ingest import FeedRead, FeedState
    from newsprism.render.revisions import RevisionDiff
    from newsprism.store import Store, StoryEvent
    from newsprism.stories import StoryClusterer
    from newsprism.stories.clusterer import Change

# The key under which the clusterer's state is saved in the store.
CLUSTERER_STATE = "story-clusterer"
# How many times that state was saved: a run that finds it moved on since it loaded the
# state stops instead of overwriting another run's stories.
CLUSTERER_GENERATION = "story-clusterer-generation"
# Each feed's state (``ingest.FeedState``) is kept under this prefix and the feed's URL.
FEED_STATE_PREFIX = "feed:"
# Articles assigned between two checkpoints: a balance of write cost (the state blob is rewritten)
# against the work an interrupted run must redo.
CHECKPOINT_EVERY = 200


class StoredEmbedder:
    """The archive's clusterer embeds through the store: each text's vector is kept in the
    store (int8, as the clusterer keeps it; under a hash of the model and the text), so a
    checkpoint, a review or an editor's correction that reads a story's articles again
    finds their vectors instead of running the model, whatever the story's size. Vectors
    round-trip exactly: the clusterer's results are the same as with the model alone.

    New vectors are held until ``flush()``, which the archive calls in the transaction that
    saves the clusterer's state (one write per checkpoint, not one per article)."""

    def __init__(self, store: Store) -> None:
        from newsprism.language.models import EMBEDDING_DIM, embedding_model

        self._store = store
        self._dim = EMBEDDING_DIM
        self._model = embedding_model()
        self._pending: dict[str, bytes] = {}

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        from newsprism.language import models
        from newsprism.stories.features import dequantize, quantize

        keys = [self._key(text) for text in texts]
        kept = {key: self._pending[key] for key in keys if key in self._pending}
        stored = self._store.load_embeddings([key for key in keys if key not in kept])
        kept.update((key, vector) for key, vector in stored.items() if len(vector) == self._dim)
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in kept}
        if missing:
            fresh = quantize(models.embed(list(missing.values())))
            made = {key: vector.tobytes() for key, vector in zip(missing, fresh, strict=True)}
            self._pending.update(made)
            kept.update(made)
        if not keys:
            return np.zeros((0, self._dim), dtype=np.float32)
        return np.stack([dequantize(np.frombuffer(kept[key], dtype=np.int8)) for key in keys])

    def flush(self) -> None:
        """Write the vectors computed since the last flush."""
        if self._pending:
            self._store.save_embeddings(self._pending)
            self._pending = {}


def _open_clusterer(store: Store, state: bytes | None) -> tuple[StoryClusterer, StoredEmbedder]:
    """The archive's clusterer from its saved state (a new one without), embedding through
    the store."""
    from newsprism.stories import StoryClusterer

    embedder = StoredEmbedder(store)
    clusterer = StoryClusterer.from_state(state, embedder=embedder) if state else StoryClusterer(embedder=embedder)
    return clusterer, embedder


@dataclass
class IngestOutcome:
    """What an ingest did: article ids by status, stories touched, inputs that failed."""

    new: list[str] = field(default_factory=list)
    revision: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    stories: dict[str, str] = field(default_factory=dict)  # story id -> created | joined
    merged: dict[str, str] = field(default_factory=dict)  # absorbed story id -> the story that holds it now
    split: dict[str, str] = field(default_factory=dict)  # story split off -> the story it left
    failures: list[Failure] = field(default_factory=list)


def ingest_documents(
    documents: Iterable[RawDocument | Failure],
    store: Store,
    *,
    advance: Callable[[int], None] | None = None,
) -> IngestOutcome:
    """Clean, store and assign to stories every document; failures are recorded, not raised."""
    outcome, pending = store_documents(documents, store, advance=advance)
    assign_stories(store, pending, outcome)
    return outcome


def store_documents(
    documents: Iterable[RawDocument | Failure],
    store: Store,
    *,
    advance: Callable[[int], None] | None = None,
) -> tuple[IngestOutcome, list[str]]:
    """Clean and store every document (``advance(1)`` after each). Returns the outcome so
    far and the ids of the stored articles that still need a story, in publication-date
    order (undated ones last, in input order), which is the order ``assign_stories`` wants:
    a folder or a backfill rarely arrives in date order."""
    from newsprism.clean import clean_document
    from newsprism.stories.features import date_order

    outcome = IngestOutcome()
    pending: dict[str, tuple[float, int]] = {}
    for item in documents:
        if advance:
            advance(1)
        if isinstance(item, Failure):
            outcome.failures.append(item)
            store.record_failure(item)
            continue
        try:
            article = clean_document(item)
        except NewsprismError as error:
            failure = Failure(item.source, str(error))
            outcome.failures.append(failure)
            store.record_failure(failure)
            continue
        result = store.add_article(article)
        getattr(outcome, result.status).append(result.article_id)
        if result.article_id not in pending and not store.story_of(result.article_id):
            # a revision keeps its story; a duplicate already has one unless an earlier run
            # was interrupted before assigning it
            pending[result.article_id] = (date_order(article), len(pending))
    return outcome, sorted(pending, key=pending.__getitem__)


def feed_states(store: Store, urls: Iterable[str]) -> dict[str, FeedState]:
    """What the archive kept from the last read of each feed of ``urls`` (``FeedPoll``'s
    ``known``); a feed never read, or whose kept state cannot be read, starts afresh."""
    states: dict[str, FeedState] = {}
    for url in urls:
        read = _feed_read(store.load_state(FEED_STATE_PREFIX + url))
        if read is not None:
            states[url] = read.state
    return states


def save_feed_states(store: Store, reads: Iterable[FeedRead]) -> None:
    """Keep each feed's last read, with its state for the next read. Call it once the
    read's documents are stored and given their stories: an entry is skipped next time,
    so an article that an interrupted run stored without a story would keep none."""
    for read in reads:
        store.save_state(FEED_STATE_PREFIX + read.url, read.to_bytes())


def feed_reads(store: Store) -> list[FeedRead]:
    """The last read of every feed the archive has read, by URL (``newsprism feeds``)."""
    found = (_feed_read(blob) for _, blob in store.states(FEED_STATE_PREFIX))
    return sorted((read for read in found if read is not None), key=lambda read: read.url)


def _feed_read(blob: bytes | None) -> FeedRead | None:
    from newsprism.ingest import FeedRead

    if blob is None:
        return None
    try:
        return FeedRead.from_bytes(blob)
    except (ValueError, KeyError, AttributeError, TypeError):
        return None  # a state this release cannot read costs one full read of the feed


def assign_stories(
    store: Store,
    article_ids: Iterable[str],
    outcome: IngestOutcome,
    *,
    advance: Callable[[int], None] | None = None,
) -> None:
    """Assign each stored article of ``article_ids`` to a story, in that order, with the
    archive's incremental clusterer; checkpoint every ``CHECKPOINT_EVERY`` articles.

    A checkpoint writes the assignments since the last one, the review's merges, the
    touched stories and the clusterer's state in one transaction, so the store and the
    saved clusterer never disagree: an interrupted run loses the assignments since the
    last checkpoint, and the re-run makes them again."""

    generation, state = _load(store)
    clusterer, embedder = _open_clusterer(store, state)
    known = {story.id for story in clusterer.stories()}
    dirty: dict[str, str] = {}  # stories changed since the last checkpoint -> event
    assigned: list[tuple[str, str]] = []  # (article, story) since the last checkpoint
    for article_id in article_ids:
        if advance:
            advance(1)
        article = store.get_article(article_id)
        if article is None or store.story_of(article_id):
            continue
        story_id = clusterer.add(article)
        assigned.append((article_id, story_id))
        event = "joined" if story_id in known else "created"
        outcome.stories.setdefault(story_id, event)
        dirty.setdefault(story_id, event)
        known.add(story_id)
        if len(assigned) >= CHECKPOINT_EVERY:
            generation = _checkpoint(store, clusterer, embedder, generation, assigned, dirty, outcome)
    _checkpoint(store, clusterer, embedder, generation, assigned, dirty, outcome)


def _checkpoint(store: Store, clusterer: StoryClusterer, embedder: StoredEmbedder, generation: int,
                assigned: list[tuple[str, str]], dirty: dict[str, str], outcome: IngestOutcome) -> int:
    """Re-examine the stories changed since the last checkpoint; store the assignments, the
    splits and merges, the stories and the clusterer's state, all or nothing. Returns the
    new generation."""
    # the store keeps every article's vector (StoredEmbedder): stories of any size are
    # read again without running the model
    changes = clusterer.checkpoint(dirty, lambda article_ids: _stored(store, article_ids), most=math.inf)
    for change in changes:
        if change.kind == "split":  # a story this run created, by splitting one it touched
            outcome.split[change.other] = change.story
            outcome.stories.setdefault(change.other, "created")
    with _saving(store, generation):
        for article_id, story_id in assigned:
            store.assign(article_id, story_id)
        _apply(store, changes, dirty, outcome.merged)
        _save(store, clusterer, embedder, dirty)
    assigned.clear()
    return generation + 1


@contextmanager
def _saving(store: Store, generation: int) -> Iterator[None]:
    """One transaction that saves the clusterer's state as generation ``generation + 1``,
    refused if another run saved one since ``generation``."""
    with store.atomic():
        if _generation(store) != generation:
            raise ConcurrentUpdateError(location=store.location)
        yield
        store.save_state(CLUSTERER_GENERATION, str(generation + 1).encode("ascii"))


def _load(store: Store) -> tuple[int, bytes | None]:
    """The clusterer's saved state and its generation, read together."""
    with store.atomic():
        return _generation(store), store.load_state(CLUSTERER_STATE)


def _generation(store: Store) -> int:
    saved = store.load_state(CLUSTERER_GENERATION)
    return int(saved) if saved else 0


def _apply(store: Store, changes: list[Change], dirty: dict[str, str], merged: dict[str, str],
           detail: dict[str, str] | None = None) -> None:
    """Carry the clusterer's merges and splits over to the store."""
    for change in changes:
        if change.kind == "merge":
            store.merge_stories(change.story, change.other, detail=detail)
            dirty.pop(change.other, None)
            for gone, into in merged.items():
                if into == change.other:
                    merged[gone] = change.story
            merged[change.other] = change.story
        else:
            store.split_story(change.story, change.article_ids, change.other, detail=detail)
            dirty[change.other] = "updated"
        dirty.setdefault(change.story, "updated")


def _save(store: Store, clusterer: StoryClusterer, embedder: StoredEmbedder, dirty: dict[str, str]) -> None:
    embedder.flush()
    for story in clusterer.stories():
        if story.id in dirty:
            store.save_story(story, event=dirty[story.id])
    store.save_state(CLUSTERER_STATE, clusterer.to_state())
    dirty.clear()


@dataclass
class ReviewOutcome:
    """What a review changed: absorbed story -> the story holding it now, and new stories
    split off -> the story they left."""

    merged: dict[str, str] = field(default_factory=dict)
    split: dict[str, str] = field(default_factory=dict)


def review_archive(store: Store) -> ReviewOutcome:
    """Re-examine every active story with its stored articles: split the stories that
    turn out to hold two events, merge those that turn out to be one. Ids never renumber:
    a split-off part gets a new id, an absorbed story's id resolves to the story holding it."""
    outcome = ReviewOutcome()
    generation, state = _load(store)
    if not state:
        return outcome
    clusterer, embedder = _open_clusterer(store, state)
    wanted = [a for story in clusterer.active_stories() for a in story.article_ids]
    articles = [a for a in (store.get_article(article_id) for article_id in wanted) if a is not None]
    dirty: dict[str, str] = {}
    changes = clusterer.recluster(articles)
    with _saving(store, generation):
        _apply(store, changes, dirty, outcome.merged)
        _save(store, clusterer, embedder, dirty)
    outcome.split.update({c.other: c.story for c in changes if c.kind == "split"})
    return outcome


# The detail the store's events carry for an editor's correction.
EDITOR = {"by": "editor"}


def merge_archive_stories(store: Store, story_id: str, others: Iterable[str]) -> ReviewOutcome:
    """An editor's merge: ``others`` and ``story_id`` become one story under the oldest id
    (the others stay valid as aliases). Reviews do not split the result again. Raises
    ``ValueError`` for an unknown story or stories that are already one."""
    outcome = ReviewOutcome()

    def edit(clusterer: StoryClusterer) -> list[Change]:
        changes = []
        # an id given twice, or next to one of its aliases, is one story to merge
        for other in dict.fromkeys(clusterer.resolve(other) for other in others):
            members = _members(clusterer, story_id) + _members(clusterer, other)
            changes.append(clusterer.merge(story_id, other, _stored(store, members)))
        return changes

    _edit(store, edit, outcome)
    return outcome


def split_archive_story(store: Store, story_id: str, article_ids: Iterable[str], *,
                        into: str | None = None) -> ReviewOutcome:
    """An editor's split: ``article_ids`` leave ``story_id`` for a new story, or for the
    existing story ``into``. Reviews keep the parts apart and do not split either again.
    Raises ``ValueError`` when an article is not in the story or the story is unknown."""
    outcome = ReviewOutcome()
    wanted = list(article_ids)

    def edit(clusterer: StoryClusterer) -> list[Change]:
        if into is not None and clusterer.resolve(into) == clusterer.resolve(story_id):
            raise ValueError(f"the articles are already in story {clusterer.resolve(into)}")
        members = _members(clusterer, story_id)
        split = clusterer.split(story_id, wanted, _stored(store, members))
        if into is None:
            return [split]
        target = _members(clusterer, into)
        return [split, clusterer.merge(into, split.other, _stored(store, target + list(split.article_ids)))]

    _edit(store, edit, outcome)
    return outcome


def _edit(store: Store, edit: Callable[[StoryClusterer], list[Change]], outcome: ReviewOutcome) -> None:
    generation, state = _load(store)
    if not state:
        raise ValueError("the store holds no stories yet: `newsprism ingest` files articles into stories")
    clusterer, embedder = _open_clusterer(store, state)
    changes = edit(clusterer)
    dirty: dict[str, str] = {}
    with _saving(store, generation):
        _apply(store, changes, dirty, outcome.merged, EDITOR)
        _save(store, clusterer, embedder, dirty)
    outcome.split.update({c.other: c.story for c in changes if c.kind == "split"})


def _members(clusterer: StoryClusterer, story_id: str) -> list[str]:
    live = clusterer.resolve(story_id)
    for story in clusterer.stories():
        if story.id == live:
            return list(story.article_ids)
    raise ValueError(f"no story {story_id}")


def analyze_stored_stories(
    store: Store,
    story_ids: Iterable[str],
    *,
    summary_words: int | None = None,
    advance: Callable[[int], None] | None = None,
    fresh: bool = False,
    warn: Callable[[str], None] | None = None,
) -> tuple[Report, dict[str, list[StoryEvent]]]:
    """Analyse stored stories, each with its stored articles, in the order given (an
    absorbed id reads the story holding it; a story named twice is analysed once).
    Returns one report of them and each story's steps, oldest first, for its page.

    Each analysis is kept in the store under a hash of everything it reads
    (``analysis_key``); a story whose key has not changed since is read back instead of
    analysed again. ``fresh`` analyses every story again (and keeps the new analyses). A
    store that refuses to keep them (a role that may only read) still gets its analyses,
    and ``warn`` is told once."""
    analyses = []
    refused: list[str] = []
    articles: dict[str, Article] = {}
    history: dict[str, list[StoryEvent]] = {}
    for story_id in story_ids:
        story = store.get_story(story_id)
        if story is None:
            raise NewsprismError(f"No story {story_id!r} in the store: `newsprism stories` lists them.")
        if story.id not in history:
            analysis = _analysis(store, story, summary_words=summary_words, fresh=fresh, refused=refused)
            analyses.append(analysis)
            articles.update((a.id, a) for a in analysis.articles)
            history[story.id] = store.story_events(story.id)
        if advance:
            advance(1)
    if refused and warn:
        warn(f"the analyses could not be kept in the store, so they will be made again next time "
             f"({len(refused)} of them; {refused[0]})")
    return Report(articles=tuple(articles.values()), stories=tuple(analyses)), history


def _analysis(store: Store, story: Story, *, summary_words: int | None, fresh: bool,
              refused: list[str]) -> StoryAnalysis:
    """The story's analysis: the one kept in the store when its key still matches, else a
    new one, which is kept (when the store refuses, why is added to ``refused``)."""
    from newsprism.analyze import analyze_story

    members = _stored(store, story.article_ids)
    key = analysis_key(story, members, summary_words=summary_words)
    kept = None if fresh else _kept(store, story, key)
    if kept is not None:
        return kept
    analysis = analyze_story(story, members, summary_words=summary_words)
    try:
        store.save_analysis(story.id, key, _encode_analysis(analysis))
    except StoreError as error:
        refused.append(str(error))
    return analysis


def _kept(store: Store, story: Story, key: str) -> StoryAnalysis | None:
    """The analysis the store keeps for ``story`` when it was made under ``key``."""
    kept = store.load_analysis(story.id)
    analysis = _decode_analysis(kept[1]) if kept is not None and kept[0] == key else None
    return replace(analysis, story=story) if analysis else None  # the title is not read: it may have changed


def kept_story_report(store: Store, story_id: str, *,
                      summary_words: int | None = None) -> tuple[Report, dict[str, list[StoryEvent]]] | None:
    """What ``analyze_stored_stories`` gives for one story when the store keeps its
    analysis of the story as it is now; None when it would have to analyse (or there is
    no such story). Never loads a model."""
    story = store.get_story(story_id)
    if story is None:
        return None
    analysis = _kept(store, story, analysis_key(story, _stored(store, story.article_ids),
                                                summary_words=summary_words))
    if analysis is None:
        return None
    return Report(articles=tuple(analysis.articles), stories=(analysis,)), {story.id: store.story_events(story.id)}


def analysis_key(story: Story, articles: Sequence[Article], *, summary_words: int | None) -> str:
    """A hash of everything a story's analysis reads: the story's id and members in order,
    each article as stored, the options, and the code and models that analyse
    (``_code_fingerprint``). Any change to one of them gives another key. The story's
    title is not read (an editor's new title costs no analysis)."""
    read = {"story": story.id, "members": list(story.article_ids), "articles": [to_json(a) for a in articles],
            "summary_words": summary_words, "code": _code_fingerprint()}
    return hashlib.sha256(json.dumps(read, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@cache
def _code_fingerprint() -> str:
    """A hash of newsprism's own source files and the installed versions of the packages
    it requires (the models come from packages): another release, a local change to the
    code or an upgraded model package gives another fingerprint, so analyses kept by
    another build are not shown as this one's."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    try:
        requirements = metadata.requires("newsprism") or []
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        requirements = []
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    return digest.hexdigest()


def _encode_analysis(analysis: StoryAnalysis) -> bytes:
    return zlib.compress(json.dumps(to_json(analysis), ensure_ascii=False).encode("utf-8"))


def _decode_analysis(body: bytes) -> StoryAnalysis | None:
    """The analysis kept in ``body``, or None when it cannot be read (damaged): the story
    is then analysed again."""
    try:
        return from_json(json.loads(zlib.decompress(body).decode("utf-8")), StoryAnalysis)
    except (zlib.error, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _stored(store: Store, article_ids: Iterable[str]) -> list[Article]:
    return [a for a in (store.get_article(article_id) for article_id in article_ids) if a is not None]


def compare_revisions(store: Store, article_id: str, *, old: int | None = None,
                      new: int | None = None) -> tuple[list[int], RevisionDiff | None]:
    """An article's stored revision numbers and what changed between two of them (by
    default the last two; None when it has one). Raises ``ValueError`` for an unknown
    article or revision."""
    from newsprism.render.revisions import diff_revisions

    numbers = store.revisions(article_id)
    if not numbers:
        raise ValueError(f"no article {article_id!r} in the store")
    for given in (old, new):
        if given is not None and given not in numbers:
            raise ValueError(f"article {article_id!r} has revisions {', '.join(map(str, numbers))}, not {given}")
    if len(numbers) < 2 and old is None and new is None:
        return numbers, None
    new = new if new is not None else numbers[-1]
    old = old if old is not None else max((n for n in numbers if n < new), default=numbers[0])
    if old == new:
        raise ValueError("give two different revisions to compare")
    first, second = sorted((old, new))
    before = store.get_article(article_id, revision=first)
    after = store.get_article(article_id, revision=second)
    return numbers, diff_revisions(before, after, old_revision=first, new_revision=second)


def stories_matching(store: Store, query: str, *, articles: int = 2000) -> list[str]:
    """The stories of the ``articles`` best-matching articles (full-text search), each
    once, in the order of its best match."""
    matches = store.list_articles(query=query, limit=articles)
    return list(dict.fromkeys(s for s in (store.story_of(a.id) for a in matches) if s))


def rename_archive_story(store: Store, story_id: str, title: str) -> str:
    """An editor's title for a stored story (empty: the clusterer's choice again). The
    clusterer keeps it through later merges. Returns the live story id."""
    generation, state = _load(store)
    if not state:
        raise ValueError("the store holds no stories yet: `newsprism ingest` files articles into stories")
    clusterer, _ = _open_clusterer(store, state)
    live = clusterer.rename(story_id, " ".join(safe(title).split()))  # one line, no control characters
    with _saving(store, generation):
        for story in clusterer.stories():
            if story.id == live:
                store.save_story(story, detail=EDITOR)
        store.save_state(CLUSTERER_STATE, clusterer.to_state())
    return live
