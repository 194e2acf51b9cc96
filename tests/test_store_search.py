"""Full-text search over the store, on both backends: ranking, filters, revisions, and
user text that must never be read as search syntax."""

from __future__ import annotations

import dataclasses

import pytest

from newsprism.records import Article
from newsprism.store import Store

pytest_plugins = ("tests.store_support",)

_ARTICLES = (
    Article(id="ferry", title="Ferry strike halts crossings to Oskarby",
            text="Deckhands walked out on Monday.\n\nThe ferry operator said talks would resume.",
            outlet="Oskarby Post"),
    Article(id="budget", title="Council passes budget",
            text="The council approved spending on the ferry terminal roof among other items.",
            outlet="Valley Herald"),
    Article(id="cafe", title="Café owners protest rent rise",
            text="Owners of the Zürich Street café said the rise would close them. Naïve plans, one said.",
            outlet="Valley Herald"),
    Article(id="rail", title="Rail line reopens",
            text="Trains ran again between Oskarby and Lenholm after repairs to the bridges.",
            outlet="Oskarby Post"),
)

HOSTILE = [
    'AND OR NOT "', "*", "-", '"', "'", "(", ")", "ferry*", "-ferry", "ferry -strike", "NEAR(ferry strike)",
    "title:ferry", "^ferry", "ferry OR", "ferry AND", "NOT", "{}", "[]", ":", ";", "\\", "%", "_", "?",
    "ferry?", "' OR 1=1 --", "\"unbalanced", "ferry\x00strike", "🚢", "渡し船", "  ", "",
]

@pytest.fixture
def filled(store: Store) -> Store:
    for item in _ARTICLES:
        store.add_article(item)
    return store


def _ids(store: Store, query: str, **options: object) -> list[str]:
    return [a.id for a in store.list_articles(query=query, **options)]  # type: ignore[arg-type]


def test_store_search_finds_words_in_title_and_text(filled: Store) -> None:
    assert set(_ids(filled, "ferry")) == {"ferry", "budget"}
    assert _ids(filled, "Lenholm") == ["rail"]
    assert _ids(filled, "bridge") == ["rail"]  # stemmed: the text says "bridges"
    assert _ids(filled, "nothing-like-this") == []


def test_store_search_ranks_title_matches_first(filled: Store) -> None:
    assert _ids(filled, "ferry")[0] == "ferry"


def test_store_search_all_words_must_match(filled: Store) -> None:
    assert _ids(filled, "ferry strike") == ["ferry"]
    assert _ids(filled, "ferry roof") == ["budget"]
    assert _ids(filled, "ferry Lenholm") == []


def test_store_search_combines_with_outlet_and_paging(filled: Store) -> None:
    assert _ids(filled, "ferry", outlet="Valley Herald") == ["budget"]
    assert _ids(filled, "Oskarby", outlet="Oskarby Post", limit=1) == _ids(filled, "Oskarby")[:1]
    assert len(_ids(filled, "Oskarby", limit=1, offset=1)) == 1


def test_store_outlets_count_latest_revisions_and_list_newest_first(filled: Store) -> None:
    filled.add_article(Article(id="loose", text="No outlet is named for this one."))
    assert filled.outlets() == [("Oskarby Post", 2), ("Valley Herald", 2)]
    filled.add_article(dataclasses.replace(_ARTICLES[3], outlet="Valley Herald", text=_ARTICLES[3].text + " Late."))
    assert filled.outlets() == [("Valley Herald", 3), ("Oskarby Post", 1)]  # the rail story's new revision
    assert [a.id for a in filled.list_articles(outlet="Valley Herald", newest_first=True)] == ["rail", "cafe", "budget"]
    assert [a.id for a in filled.list_articles(outlet="Valley Herald")] == ["budget", "cafe", "rail"]


def test_store_search_unicode_words(filled: Store) -> None:
    assert _ids(filled, "café") == ["cafe"]
    assert _ids(filled, "Zürich") == ["cafe"]
    assert _ids(filled, "naïve") == ["cafe"]


def test_store_search_hostile_text_never_raises(filled: Store) -> None:
    for query in HOSTILE:
        found = filled.list_articles(query=query)
        assert all(isinstance(item, Article) for item in found), query
        if not any(ch.isalnum() for ch in query):
            assert found == [], query
        if query in ("ferry*", "-ferry", "^ferry", "ferry?"):
            # the word itself still matches: the punctuation around it is ignored
            assert "ferry" in [a.id for a in found], query


def test_store_search_only_sees_the_latest_revision(filled: Store) -> None:
    rewritten = dataclasses.replace(_ARTICLES[3], text="Buses replace trains to Lenholm this week.",
                                    content_hash="rail-v2")
    assert filled.add_article(rewritten).status == "revision"
    assert _ids(filled, "bridges") == []
    assert _ids(filled, "buses") == ["rail"]
    assert filled.list_articles(query="buses") == [rewritten]
