"""group_stories: labels, one story, clustering by date order, determinism."""

from __future__ import annotations

from dataclasses import replace

from newsprism.stories import group_stories
from tests.stories_fixtures import DAM, article, fake_embed, fixture_articles


def test_stories_group_by_label_without_clustering() -> None:
    articles, _ = fixture_articles()
    labelled = [replace(a, story="alpha" if i % 2 else "beta") for i, a in enumerate(articles)]
    stories = group_stories(labelled, embedder=fake_embed)
    assert [s.id for s in stories] == ["beta", "alpha"]
    assert stories[0].article_ids == tuple(a.id for i, a in enumerate(articles) if i % 2 == 0)


def test_stories_group_one_story_takes_everything() -> None:
    articles, _ = fixture_articles()
    stories = group_stories(articles, one_story=True, embedder=fake_embed)
    assert len(stories) == 1
    assert stories[0].article_ids == tuple(a.id for a in articles)
    assert group_stories([], embedder=fake_embed) == []


def test_stories_group_title_is_the_first_headline_not_a_first_sentence() -> None:
    """With one story or by label, the story shows the first member's own title; a member
    scraped without a title gives its first sentence only when no member has a title."""
    articles, _ = fixture_articles()
    untitled = [replace(a, title=None) for a in articles[:2]] + list(articles[2:])
    (one,) = group_stories(untitled, one_story=True, embedder=fake_embed)
    assert one.title == articles[2].title
    labelled = [replace(a, story="alpha") for a in untitled]
    (by_label,) = group_stories(labelled, embedder=fake_embed)
    assert by_label.title == articles[2].title
    (none,) = group_stories(untitled[:2], one_story=True, embedder=fake_embed)
    assert none.title and untitled[0].text.startswith(none.title.rstrip("…")[:30])


def test_stories_group_clusters_unlabelled_and_is_deterministic() -> None:
    articles, gold = fixture_articles()
    first = group_stories(articles, embedder=fake_embed)
    assert first == group_stories(articles, embedder=fake_embed)
    story_of = {a: s.id for s in first for a in s.article_ids}
    for i, a in enumerate(articles):
        for j, b in enumerate(articles):
            assert (story_of[a.id] == story_of[b.id]) == (gold[i] == gold[j])
    # stories in order of first appearance, members in input order
    firsts = [min(articles.index(next(x for x in articles if x.id == i)) for i in s.article_ids) for s in first]
    assert firsts == sorted(firsts)


def test_stories_group_orders_by_publication_date() -> None:
    articles, _ = fixture_articles()
    # the later-dated copy of the first article is clustered after the others: the story
    # of the earliest-dated article gets the first clusterer id
    dated = [replace(a, published="2026-03-09") if i == 0 else a for i, a in enumerate(articles)]
    stories = group_stories(dated, embedder=fake_embed)
    by_article = {a: s.id for s in stories for a in s.article_ids}
    assert by_article[articles[1].id] == "s000000"
    assert stories[0].article_ids[0] == articles[0].id  # output still in input order


def test_stories_group_mixes_labelled_and_clustered() -> None:
    articles, _ = fixture_articles()
    mixed = [replace(a, story="given") if i < 2 else a for i, a in enumerate(articles)]
    stories = group_stories(mixed, embedder=fake_embed)
    assert stories[0].id == "given" and stories[0].article_ids == (articles[0].id, articles[1].id)
    assert all(s.id.startswith("s") for s in stories[1:])


def test_stories_group_a_small_collection_of_one_event_is_one_story() -> None:
    """Six reports of one event and nothing else: the words they share are in every
    document, and must still count as the event's words, not as stop words (without the
    IDF prior the stream opened five stories and recluster() left four)."""
    articles = [article(i, title, text) for i, (title, text) in enumerate(DAM)]
    stories = group_stories(articles, embedder=fake_embed)
    assert [s.article_ids for s in stories] == [tuple(a.id for a in articles)]
