"""The archive: ingest articles into the store and keep its stories up to date.

``ingest_documents`` is what ``newsprism ingest`` runs. Each article is cleaned, stored
(idempotently: a duplicate is stored once, a changed version of the same URL becomes a
revision) and, when it is new to the archive, assigned to a story by the incremental
clusterer. The clusterer's state and the touched stories are saved every
``CHECKPOINT_EVERY`` assigned articles and at the end, so an interrupted ingest loses at most that
many assignments, and a re-run assigns every stored article that has no story yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from newsprism.errors import NewsprismError
from newsprism.records import Failure, RawDocument

if TYPE_CHECKING:
    from newsprism.store import Store
    from newsprism.stories import StoryClusterer

# The key under which the clusterer's state is saved in the store.
CLUSTERER_STATE = "story-clusterer"
# Articles assigned between two checkpoints: a balance of write cost (the state blob is rewritten)
# against the work an interrupted run must redo.
CHECKPOINT_EVERY = 200


@dataclass
class IngestOutcome:
    """What an ingest did: article ids by status, stories touched, inputs that failed."""

    new: list[str] = field(default_factory=list)
    revision: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    stories: dict[str, str] = field(default_factory=dict)  # story id -> created | joined
    failures: list[Failure] = field(default_factory=list)


def ingest_documents(
    documents: Iterable[RawDocument | Failure],
    store: Store,
    *,
    advance: Callable[[int], None] | None = None,
) -> IngestOutcome:
    """Clean, store and assign to stories every document; failures are recorded, not raised."""
    from newsprism.clean import clean_document
    from newsprism.stories import StoryClusterer

    state = store.load_state(CLUSTERER_STATE)
    clusterer = StoryClusterer.from_state(state) if state else StoryClusterer()
    known = {story.id for story in clusterer.stories()}
    outcome = IngestOutcome()
    dirty: dict[str, str] = {}  # stories changed since the last checkpoint -> event
    since_checkpoint = 0
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
        if store.story_of(result.article_id):
            continue  # a revision keeps its story; a duplicate already has one
        story_id = clusterer.add(replace(article, id=result.article_id))
        store.assign(result.article_id, story_id)
        event = "joined" if story_id in known else "created"
        outcome.stories.setdefault(story_id, event)
        dirty.setdefault(story_id, event)
        known.add(story_id)
        since_checkpoint += 1
        if since_checkpoint >= CHECKPOINT_EVERY:
            _checkpoint(store, clusterer, dirty)
            since_checkpoint = 0
    _checkpoint(store, clusterer, dirty)
    return outcome


def _checkpoint(store: Store, clusterer: StoryClusterer, dirty: dict[str, str]) -> None:
    """Save the stories changed since the last checkpoint and the clusterer's state."""
    for story in clusterer.stories():
        if story.id in dirty:
            store.save_story(story, event=dirty[story.id])
    store.save_state(CLUSTERER_STATE, clusterer.to_state())
    dirty.clear()
