"""Property test: any Article, with arbitrary text in every field, comes back from the
store exactly as stored, and any search text is safe. PostgreSQL cannot hold NUL
characters in text, so its articles are drawn without them (see test_store_open)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.records import Article, Evidence, Removed, Span
from newsprism.store import Store

pytest_plugins = ("tests.store_support",)


def _articles(*, nul: bool) -> st.SearchStrategy[Article]:
    text = st.text(st.characters(codec="utf-8", exclude_characters=None if nul else "\x00"), max_size=60)
    optional = st.none() | text
    offsets = st.integers(min_value=0, max_value=10**9)
    return st.builds(
        Article,
        id=text,
        text=text,
        source=text,
        title=optional,
        outlet=optional,
        url=optional,
        authors=st.lists(text, max_size=3).map(tuple),
        published=optional,
        dateline=optional,
        language=optional,
        story=optional,
        headings=st.lists(st.builds(Span, offsets, offsets), max_size=3).map(tuple),
        removed=st.lists(st.builds(Removed, text, text, st.integers(min_value=-1, max_value=10**9)),
                         max_size=3).map(tuple),
        evidence=st.lists(st.builds(Evidence, text, text, text), max_size=3).map(tuple),
        content_hash=text,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_store_roundtrip_any_article(store_factory: tuple[Callable[[], Store], bool], data: st.DataObject) -> None:
    opener, nul = store_factory
    first, second = data.draw(_articles(nul=nul)), data.draw(_articles(nul=nul))
    with opener() as store:
        result = store.add_article(first)
        assert result.status == "new"
        assert result.article_id == first.id
        assert store.get_article(first.id) == first
        assert store.list_articles() == [first]
        other = store.add_article(second)
        stored = store.get_article(other.article_id, revision=other.revision)
        if other.status == "duplicate":
            assert stored == first
        else:
            assert stored is not None and stored.id == other.article_id
            assert stored == Article(**{**second.__dict__, "id": other.article_id})
        query = data.draw(st.text(st.characters(codec="utf-8", exclude_characters=None if nul else "\x00"),
                                  max_size=30))
        found = store.list_articles(query=query)
        assert {a.id for a in found} <= {first.id, other.article_id}
