"""Stories in the store, on both backends: membership, listing, history, merge and split
with stable ids."""

from __future__ import annotations

import pytest

from newsprism.errors import StoreError
from newsprism.records import Story
from newsprism.store import Store
from tests.store_samples import article

pytest_plugins = ("tests.store_support",)


@pytest.fixture
def with_articles(store: Store) -> Store:
    outlets = ["Tarrowby Courier", "Fenwick Gazette", "Tarrowby Courier", "Oskarby Post", "Fenwick Gazette"]
    for number, outlet in enumerate(outlets):
        store.add_article(article(number, outlet=outlet, published=f"2031-05-{10 + number:02d}"))
    return store


def test_store_stories_save_and_get_keep_order(with_articles: Store) -> None:
    story = Story(id="s-canal", title="Canal road flooding", article_ids=("art2", "art0", "art1"))
    with_articles.save_story(story)
    assert with_articles.get_story("s-canal") == story
    assert with_articles.story_of("art0") == "s-canal"
    assert with_articles.story_of("art4") is None
    assert with_articles.get_story("nope") is None
    assert [a.id for a in with_articles.list_articles(story="s-canal")] == ["art0", "art1", "art2"]


def test_store_stories_save_replaces_membership_and_records_events(with_articles: Store) -> None:
    store = with_articles
    store.save_story(Story("s1", "First title", ("art0", "art1")))
    store.save_story(Story("s1", "Better title", ("art1", "art2")), detail={"reason": "recluster"})
    assert store.get_story("s1") == Story("s1", "Better title", ("art1", "art2"))
    assert store.story_of("art0") is None
    events = store.story_events("s1")
    assert [e.kind for e in events] == ["created", "updated"]
    assert events[0].article_ids == ("art0", "art1")
    assert events[1].article_ids == ("art2",)
    assert events[1].detail == {"reason": "recluster", "left": ["art0"], "title": "Better title"}
    assert events[0].at <= events[1].at
    assert events[0].at.startswith("20") and "T" in events[0].at


def test_store_stories_save_takes_articles_from_other_stories(with_articles: Store) -> None:
    store = with_articles
    store.save_story(Story("old", "Old", ("art0", "art1")))
    store.save_story(Story("new", "New", ("art1", "art2")), event="joined")
    assert store.get_story("old").article_ids == ("art0",)
    assert store.story_of("art1") == "new"
    moved = store.story_events("old")[-1]
    assert (moved.kind, moved.article_ids, moved.detail) == ("updated", ("art1",), {"moved_to": "new"})
    created = store.story_events("new")
    assert [(e.kind, e.article_ids) for e in created] == [("joined", ("art1", "art2"))]


def test_store_stories_unknown_event_kind_is_refused(with_articles: Store) -> None:
    with pytest.raises(ValueError, match="created, joined"):
        with_articles.save_story(Story("s1", "T", ("art0",)), event="exploded")
    assert with_articles.get_story("s1") is None


def test_store_stories_assign_moves_an_article(with_articles: Store) -> None:
    store = with_articles
    store.save_story(Story("a", "Story A", ("art0",)))
    store.save_story(Story("b", "Story B", ("art1",)))
    store.assign("art2", "a")
    store.assign("art0", "b")
    store.assign("art0", "b")  # already there: no new event
    assert store.get_story("a").article_ids == ("art2",)
    assert store.get_story("b").article_ids == ("art1", "art0")
    joined = [e for e in store.story_events("b") if e.kind == "joined"]
    assert [(e.article_ids, e.detail) for e in joined] == [(("art0",), {"from": "a"})]
    last_of_a = store.story_events("a")[-1]
    assert (last_of_a.kind, last_of_a.article_ids, last_of_a.detail) == ("updated", ("art0",), {"moved_to": "b"})


def test_store_stories_assign_to_unknown_story_creates_it(with_articles: Store) -> None:
    store = with_articles
    store.assign("art3", "fresh")
    store.assign("art4", "fresh")
    assert store.get_story("fresh") == Story("fresh", "", ("art3", "art4"))
    assert [(e.kind, e.article_ids) for e in store.story_events("fresh")] == [
        ("created", ("art3",)), ("joined", ("art4",))]
    # the clusterer's later save names it without claiming a second creation
    store.save_story(Story("fresh", "Harbour crane collapse", ("art3", "art4")), event="created")
    assert store.get_story("fresh").title == "Harbour crane collapse"
    last = store.story_events("fresh")[-1]
    assert (last.kind, last.article_ids, last.detail) == ("updated", (), {"title": "Harbour crane collapse"})


def test_store_stories_saving_an_unchanged_story_writes_nothing(with_articles: Store) -> None:
    store = with_articles
    story = Story("same", "Same", ("art0", "art1"))
    store.save_story(story)
    stamp = store.list_stories()[0].updated_at
    store.save_story(story, event="joined")
    assert len(store.story_events("same")) == 1
    assert store.list_stories()[0].updated_at == stamp
    store.save_story(Story("same", "Same", ("art1", "art0")))  # new order
    assert store.get_story("same").article_ids == ("art1", "art0")
    assert len(store.story_events("same")) == 2


def test_store_stories_list_digests_members(with_articles: Store) -> None:
    store = with_articles
    store.save_story(Story("small", "Small", ("art3",)))
    store.save_story(Story("big", "Big", ("art0", "art1", "art2", "unseen-article")))
    rows = {row.id: row for row in store.list_stories()}
    assert set(rows) == {"small", "big"}
    big = rows["big"]
    assert (big.title, big.size) == ("Big", 4)
    assert big.outlets == ("Fenwick Gazette", "Tarrowby Courier")
    assert big.unknown_outlets == 1  # the member with no stored article has no outlet
    assert (big.first_published, big.last_published) == ("2031-05-10", "2031-05-12")
    assert (rows["small"].outlets, rows["small"].unknown_outlets) == (("Oskarby Post",), 0)
    # most recently updated first
    assert [row.id for row in store.list_stories()] == ["big", "small"]
    store.assign("art4", "small")
    assert [row.id for row in store.list_stories()] == ["small", "big"]
    assert [row.id for row in store.list_stories(limit=1, offset=1)] == ["big"]


def test_store_stories_list_sorted_by_size_outlets_and_date(with_articles: Store) -> None:
    store = with_articles
    # art0-art4: Tarrowby, Fenwick, Tarrowby, Oskarby, Fenwick; published 2031-05-10 .. 14
    store.save_story(Story("wide", "Two outlets", ("art0", "art1")))
    store.save_story(Story("deep", "One outlet, most articles", ("art2", "ghost1", "ghost2")))
    store.save_story(Story("late", "Latest", ("art3",)))
    store.save_story(Story("undated", "No article stored", ("ghost3",)))
    assert [r.id for r in store.list_stories(sort="size")] == ["deep", "wide", "late", "undated"]
    assert [r.id for r in store.list_stories(sort="outlets")] == ["wide", "deep", "late", "undated"]
    assert [r.id for r in store.list_stories(sort="latest")] == ["late", "deep", "wide", "undated"]
    assert [r.id for r in store.list_stories(sort="size", limit=2, offset=1)] == ["wide", "late"]
    with pytest.raises(ValueError, match="unknown story order"):
        store.list_stories(sort="title")


def test_store_stories_merge_keeps_absorbed_id_resolvable(with_articles: Store) -> None:
    store = with_articles
    store.save_story(Story("keep", "Kept", ("art0", "art1")))
    store.save_story(Story("gone", "Absorbed", ("art2", "art3")))
    merged = store.merge_stories("keep", "gone")
    assert merged == Story("keep", "Kept", ("art0", "art1", "art2", "art3"))
    assert store.get_story("gone") == merged
    assert store.story_of("art3") == "keep"
    assert [row.id for row in store.list_stories()] == ["keep"]
    assert [a.id for a in store.list_articles(story="gone")] == ["art0", "art1", "art2", "art3"]
    # assigning to the absorbed id lands in the story that absorbed it
    store.assign("art4", "gone")
    assert store.story_of("art4") == "keep"
    kept_events = store.story_events("keep")
    assert kept_events[-2].kind == "merged"
    assert kept_events[-2].article_ids == ("art2", "art3")
    assert kept_events[-2].detail == {"absorbed": "gone"}
    assert store.story_events("gone")[-1].detail == {"into": "keep"}
    with pytest.raises(StoreError, match="already one story"):
        store.merge_stories("gone", "keep")
    with pytest.raises(StoreError, match="merged into another"):
        store.save_story(Story("gone", "Revived", ("art0",)))


def test_store_stories_merge_chains_resolve_to_the_survivor(with_articles: Store) -> None:
    store = with_articles
    for name, member in (("x", "art0"), ("y", "art1"), ("z", "art2")):
        store.save_story(Story(name, name.upper(), (member,)))
    store.merge_stories("y", "x")
    store.merge_stories("z", "y")
    assert store.get_story("x").id == "z"
    assert store.get_story("x").article_ids == ("art2", "art1", "art0")


def test_store_stories_split_moves_articles_to_a_new_id(with_articles: Store) -> None:
    store = with_articles
    store.save_story(Story("mixed", "Two events", ("art0", "art1", "art2", "art3")))
    new = store.split_story("mixed", ["art3", "art1"], "mixed-b", title="Second event")
    assert new == Story("mixed-b", "Second event", ("art3", "art1"))
    assert store.get_story("mixed") == Story("mixed", "Two events", ("art0", "art2"))
    assert store.story_of("art1") == "mixed-b"
    assert store.story_events("mixed")[-1].detail == {"into": "mixed-b"}
    assert store.story_events("mixed-b")[0].kind == "split"
    assert store.story_events("mixed-b")[0].article_ids == ("art3", "art1")
    default_title = store.split_story("mixed", ["art2"], "mixed-c")
    assert default_title.title == "Two events"
    with pytest.raises(StoreError, match="already exists"):
        store.split_story("mixed", ["art0"], "mixed-b")
    with pytest.raises(StoreError, match="not among its members"):
        store.split_story("mixed", ["art4"], "mixed-d")
    with pytest.raises(StoreError, match="no story"):
        store.split_story("nowhere", ["art0"], "mixed-e")
    # a failed split changed nothing
    assert store.get_story("mixed-d") is None
    assert store.get_story("mixed").article_ids == ("art0",)


def test_store_stories_listed_by_id_in_the_given_order(with_articles: Store) -> None:
    store = with_articles
    store.save_story(Story("s1", "Canal", ("art0", "art1")))
    store.save_story(Story("s2", "Bridge", ("art2",)))
    store.save_story(Story("s3", "Ferry", ("art3", "art4")))
    store.merge_stories("s1", "s3")
    rows = store.list_stories(ids=["s2", "s3", "nope", "s1", "s2"])
    # the absorbed s3 answers as s1, once; unknown ids are left out
    assert [(r.id, r.size) for r in rows] == [("s2", 1), ("s1", 4)]
    assert rows[1].outlets == ("Fenwick Gazette", "Oskarby Post", "Tarrowby Courier")
    assert store.list_stories(ids=[]) == []
