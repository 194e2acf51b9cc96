"""Articles in the store, on both backends: round trips, duplicates, revisions, listing,
failures, state blobs, and what an interrupted ingest leaves behind."""

from __future__ import annotations

import dataclasses

import pytest

from newsprism.errors import StoreError
from newsprism.records import Article, Evidence, Failure, Removed, Span
from newsprism.store import AddResult, Store, open_store
from tests.store_samples import article

pytest_plugins = ("tests.store_support",)


def _full_article() -> Article:
    text = "Harbour Board Vote\n\nThe harbour board of Quillmouth voted 5-2 on Tuesday.\n\nÉlodie Marsh dissented."
    return Article(
        id="quill-1",
        text=text,
        source="feeds/quill.jsonl:7",
        title="Quillmouth board backs new pier",
        outlet="The Quillmouth Ledger",
        url="https://ledger.example/2031/pier",
        authors=("Ana Ferrow", "Tomas Vell"),
        published="2031-03-04",
        dateline="QUILLMOUTH",
        language="en",
        story="pier-vote",
        headings=(Span(0, 18),),
        removed=(Removed(text="Photo: harbour at dawn", reason="caption", line=2),
                 Removed(text="Share this", reason="share_prompt")),
        evidence=(Evidence(field="outlet", value="The Quillmouth Ledger", source="url domain"),
                  Evidence(field="published", value="2031-03-04", source="meta")),
        content_hash="c0ffee",
    )


def test_store_articles_every_field_round_trips(store: Store) -> None:
    original = _full_article()
    # every field differs from its default, so a field the store dropped would show
    for spec in dataclasses.fields(Article):
        assert getattr(original, spec.name) not in ("", None, ()), spec.name
    result = store.add_article(original)
    assert result == AddResult("new", "quill-1", 1)
    assert store.get_article("quill-1") == original
    assert store.list_articles() == [original]


def test_store_articles_empty_optional_fields_round_trip(store: Store) -> None:
    bare = Article(id="bare", text="")
    store.add_article(bare)
    assert store.get_article("bare") == bare
    assert store.get_article("missing") is None
    assert store.revisions("missing") == []


def test_store_articles_same_content_twice_is_stored_once(store: Store) -> None:
    first = store.add_article(article(1))
    again = store.add_article(article(1))
    assert first.status == "new"
    assert again == AddResult("duplicate", first.article_id, 1)
    assert store.count_articles() == 1
    assert store.revisions(first.article_id) == [1]


def test_store_articles_changed_page_at_same_url_is_a_revision(store: Store) -> None:
    original = article(1)
    changed = dataclasses.replace(original, text=original.text + "\n\nUpdate: the road reopened.",
                                  content_hash="hash-1-v2")
    store.add_article(original)
    result = store.add_article(changed)
    assert result == AddResult("revision", "art1", 2)
    assert store.count_articles() == 1
    assert store.revisions("art1") == [1, 2]
    assert store.get_article("art1") == changed
    assert store.get_article("art1", revision=1) == original
    assert store.get_article("art1", revision=3) is None
    # the old content again is recognised, not stored a third time
    assert store.add_article(original) == AddResult("duplicate", "art1", 1)
    assert store.list_articles() == [changed]


def test_store_articles_revision_by_id_when_there_is_no_url(store: Store) -> None:
    original = article(1, url=None)
    store.add_article(original)
    result = store.add_article(dataclasses.replace(original, title="Corrected title", content_hash="h2"))
    assert result == AddResult("revision", "art1", 2)
    assert store.get_article("art1").title == "Corrected title"


def test_store_articles_revision_keeps_the_store_id_when_the_input_id_changes(store: Store) -> None:
    store.add_article(article(1))
    renamed = dataclasses.replace(article(1), id="other-id", content_hash="h-new")
    result = store.add_article(renamed)
    assert result == AddResult("revision", "art1", 2)
    assert store.get_article("art1") == dataclasses.replace(renamed, id="art1")
    assert store.get_article("other-id") is None


def test_store_articles_taken_id_with_another_url_gets_a_unique_id(store: Store) -> None:
    store.add_article(article(1))
    stranger = article(2, id="art1")
    result = store.add_article(stranger)
    assert result.status == "new"
    assert result.article_id != "art1"
    assert result.article_id.startswith("art1-")
    assert store.get_article(result.article_id) == dataclasses.replace(stranger, id=result.article_id)
    assert store.get_article("art1") == article(1)
    assert store.count_articles() == 2


def test_store_articles_same_text_from_two_outlets_is_kept_twice(store: Store) -> None:
    wire = article(1, url=None)
    copy = dataclasses.replace(wire, id="copy", outlet="Fenwick Gazette")
    assert store.add_article(wire).status == "new"
    assert store.add_article(copy).status == "new"
    # ... but the same outlet posting it under another id is a duplicate
    repost = dataclasses.replace(wire, id="repost", url="https://courier.example/amp/1")
    assert store.add_article(repost) == AddResult("duplicate", "art1", 1)
    assert store.count_articles() == 2


def test_store_articles_without_content_hash_deduplicate_on_title_and_text(store: Store) -> None:
    plain = article(1, content_hash="", url=None)
    assert store.add_article(plain).status == "new"
    assert store.add_article(plain).status == "duplicate"
    assert store.add_article(dataclasses.replace(plain, text="Other text.")).status == "revision"
    assert store.get_article("art1").content_hash == ""


def test_store_articles_list_filters_and_pages(store: Store) -> None:
    for number in range(6):
        outlet = "Fenwick Gazette" if number % 2 else "Tarrowby Courier"
        store.add_article(article(number, outlet=outlet, story="canal" if number < 3 else "pier"))
    assert store.count_articles() == 6
    assert [a.id for a in store.list_articles()] == [f"art{n}" for n in range(6)]
    assert [a.id for a in store.list_articles(limit=2, offset=2)] == ["art2", "art3"]
    assert [a.id for a in store.list_articles(outlet="Fenwick Gazette")] == ["art1", "art3", "art5"]
    assert [a.id for a in store.list_articles(story="pier")] == ["art3", "art4", "art5"]
    assert [a.id for a in store.list_articles(story="pier", outlet="Tarrowby Courier")] == ["art4"]
    assert store.list_articles(outlet="Nobody") == []
    assert store.list_articles(limit=0) == []


def test_store_articles_failures_are_kept_once_each(store: Store) -> None:
    first = Failure(source="inbox/broken.html", reason="binary input: pass the page's text")
    second = Failure(source="inbox/empty.txt", reason="empty input")
    store.record_failure(first)
    store.record_failure(second)
    store.record_failure(first)
    assert store.failures() == [first, second]


def test_store_articles_state_blobs(store: Store) -> None:
    assert store.load_state("clusterer") is None
    blob = bytes(range(256)) * 3
    store.save_state("clusterer", blob)
    assert store.load_state("clusterer") == blob
    store.save_state("clusterer", b"")
    assert store.load_state("clusterer") == b""
    assert store.load_state("other") is None


def test_store_articles_interrupted_batch_leaves_store_consistent(
        store: Store, store_location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = [article(number) for number in range(5)]
    real_reindex = store._reindex
    calls = []

    def crash_on_third(q, seq, stored):  # type: ignore[no-untyped-def]
        calls.append(stored.id)
        if len(calls) == 3:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-transaction
        real_reindex(q, seq, stored)

    monkeypatch.setattr(store, "_reindex", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        store.add_articles(batch)
    monkeypatch.undo()
    # the third article's half-written rows were rolled back
    assert store.count_articles() == 2
    assert store.get_article("art2") is None
    assert store.revisions("art2") == []
    assert store.list_articles(query="Tarrowby") == batch[:2]
    # re-running the whole batch completes it, from another connection too
    with open_store(store_location) as again:
        assert [r.status for r in again.add_articles(batch)] == ["duplicate"] * 2 + ["new"] * 3
        assert again.count_articles() == 5
        assert again.list_articles() == batch
        assert len(again.list_articles(query="Tarrowby")) == 5


def test_store_articles_closed_store_raises_store_error(store_location: str) -> None:
    opened = open_store(store_location)
    opened.close()
    opened.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        opened.count_articles()


def test_store_articles_fields_without_a_column_round_trip_through_extra(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.store import base

    # as if ``dateline`` and ``story`` were fields added to Article after the schema
    scalars = tuple(name for name in base._SCALAR_COLUMNS if name not in ("dateline", "story"))
    columns = scalars + base._JSON_COLUMNS + ("extra",)
    monkeypatch.setattr(base, "_SCALAR_COLUMNS", scalars)
    monkeypatch.setattr(base, "_ARTICLE_COLUMNS", columns)
    monkeypatch.setattr(base, "_REVISION_SELECT", "r.article_id, " + ", ".join(f"r.{c}" for c in columns))
    original = _full_article()
    store.add_article(original)
    assert store.get_article(original.id) == original
    assert store.list_articles(story="pier-vote") == []  # the column itself stayed empty


def test_store_atomic_block_keeps_all_or_nothing(store: Store, store_location: str) -> None:
    from newsprism.records import Story

    with store.atomic():
        store.add_article(article(0))
        store.assign("art0", "s000000")
        with store.atomic():  # nested blocks join the outer one
            store.save_state("clusterer", b"one")
        assert store.story_of("art0") == "s000000"  # reads inside see the block's writes
    with pytest.raises(KeyboardInterrupt), store.atomic():
        store.add_article(article(1))
        store.assign("art1", "s000001")
        store.save_story(Story(id="s000001", title="Second", article_ids=("art1",)))
        store.save_state("clusterer", b"two")
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-checkpoint
    with open_store(store_location) as again:
        assert again.count_articles() == 1 and again.story_of("art0") == "s000000"
        assert again.get_article("art1") is None and again.get_story("s000001") is None
        assert again.load_state("clusterer") == b"one"
    store.assign("art0", "s000002")  # and the store works on afterwards
    assert store.story_of("art0") == "s000002"
