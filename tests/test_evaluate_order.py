"""The arrival-order measurement: its orders and its agreement score (no corpus needed)."""

from __future__ import annotations

from dataclasses import replace

from newsprism.evaluate.order import agreement, orders, stream
from tests.stories_fixtures import fake_embed, fixture_articles


def test_orders_are_permutations_with_the_date_order_first() -> None:
    articles, _ = fixture_articles()
    days = ["2026-03-03", "2026-03-01", "2026-03-02", "2026-03-05", "2026-03-04", "2026-03-01", "2026-03-06"]
    dated = [replace(a, published=d) for a, d in zip(articles, days, strict=True)]
    found = orders(dated, seed=1)
    assert next(iter(found)) == "date order"
    assert [a.published for a in found["date order"]] == sorted(days)
    for order in found.values():
        assert sorted(a.id for a in order) == sorted(a.id for a in articles)
    same_day = [a.id for a in found["each day newest first"] if a.published == "2026-03-01"]
    assert same_day == [a.id for a in found["date order"] if a.published == "2026-03-01"][::-1]


def test_agreement_is_perfect_for_the_same_stories_under_other_ids() -> None:
    articles, _ = fixture_articles()
    stories = stream(articles, fake_embed)
    renamed = {a: f"other-{s}" for a, s in stories.items()}
    assert agreement(stories, renamed).f1 == 1.0
    lumped = {a: "one" for a in stories}
    assert agreement(stories, lumped).precision < 1.0
