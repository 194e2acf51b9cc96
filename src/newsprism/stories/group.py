"""Group the articles of one run into stories."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsprism.records import Article, Story
from newsprism.stories.clusterer import CachedEmbedder, ClusterParams, StoryClusterer
from newsprism.stories.features import date_order, story_title


def group_stories(
    articles: Sequence[Article],
    *,
    one_story: bool = False,
    params: ClusterParams | None = None,
    embedder: Callable | None = None,
) -> list[Story]:
    """Stories of ``articles``, deterministic for a given input.

    - ``one_story=True``: everything is one story;
    - articles that carry a ``story`` label are grouped by label, without clustering;
    - the rest go through ``StoryClusterer`` in order of publication date, then input order,
      followed by its ``recluster()`` (splits of stories that hold two events, merges of
      stories that turn out to be one).

    Stories come out in order of their first article in the input; article ids inside a
    story keep input order.
    """
    if not articles:
        return []
    if one_story:
        return [Story(id="s000000", title=_headline(articles), article_ids=tuple(a.id for a in articles))]
    position = {a.id: i for i, a in enumerate(articles)}
    groups: dict[str, list[Article]] = {}
    labelled = [a for a in articles if a.story]
    for article in labelled:
        groups.setdefault(f"label:{article.story}", []).append(article)
    unlabelled = [a for a in articles if not a.story]
    if unlabelled:
        order = sorted(unlabelled, key=lambda a: (date_order(a), position[a.id]))
        # recluster() embeds again the members of big stories whose vectors the state does
        # not keep (past MAX_VECS): embed each text once
        clusterer = StoryClusterer(params=params, embedder=CachedEmbedder(embedder))
        clusterer.add_many(order)
        # with every article at hand: split stories that hold two events, then merge the
        # fragments of one event that the stream opened apart
        clusterer.recluster(order)
        for article in order:
            groups.setdefault(clusterer.story_of(article.id) or "", []).append(article)
        titles = {s.id: s.title for s in clusterer.stories()}
    else:
        titles = {}
    stories = []
    for key, members in groups.items():
        members.sort(key=lambda a: position[a.id])
        if key.startswith("label:"):
            story_id, title = key[len("label:") :], _headline(members)
        else:
            story_id, title = key, titles.get(key) or _headline(members)
        stories.append(Story(id=story_id, title=title, article_ids=tuple(a.id for a in members)))
    stories.sort(key=lambda s: position[s.article_ids[0]])
    return stories



def _headline(members: Sequence[Article]) -> str:
    """The title of the first member that has one, else the first member's first sentence."""
    titled = next((a for a in members if a.title and a.title.strip()), members[0])
    return story_title(titled)
