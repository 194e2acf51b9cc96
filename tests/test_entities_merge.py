"""Entities merged across a story's articles (fictional story, spaCy parse)."""

from __future__ import annotations

import pytest

from newsprism.compare.entities import entity_index, merge_entities, name_variants
from newsprism.language.parse import parse_articles
from newsprism.records import Article

ARTICLES = [
    Article(
        id="a1",
        text=(
            "Prime Minister Oskar Vandermeer of Lindravia met the rail unions on Monday.\n\n"
            "Union leaders Jana Smith and Peter Smith asked for a new contract. "
            "Smith said talks would continue.\n\n"
            "Vandermeer later visited the Lindravian Rail Authority in Kestport."
        ),
    ),
    Article(
        id="a2",
        text=(
            "Lindravia's prime minister, Oskar Vandermier, promised new trains.\n\n"
            "Vandermier spoke in Kestport after meeting Jana Smith, a union leader.\n\n"
            "The Lindravian Rail Authority declined to comment."
        ),
    ),
    Article(
        id="a3",
        text=(
            "Prime Minister Oskar Vandermeer announced a rail fund on Monday.\n\n"
            "Mr. Vandermeer said the Lindravian Rail Authority would manage it. "
            "Deputy minister Volodar Kestrel backed the plan."
        ),
    ),
    Article(
        id="a4",
        text=(
            "Lindravia will fund new trains, Prime Minister Oskar Vandermeer said.\n\n"
            "Deputy minister Vladar Kestrel said the money was ready. Kestrel spoke in Kestport."
        ),
    ),
]


@pytest.fixture(scope="module")
def entities():
    docs = parse_articles(ARTICLES)
    return merge_entities(ARTICLES, docs)


def _person(entities, surname: str):
    found = [e for e in entities if e.type == "PERSON" and any(surname in v for v in e.variants)]
    return found


@pytest.mark.slow
def test_entities_merge_transliterations_under_most_frequent_full_name(entities) -> None:
    people = _person(entities, "Vander")
    assert len(people) == 1
    person = people[0]
    assert person.name == "Oskar Vandermeer"
    assert {"Oskar Vandermier", "Vandermier", "Vandermeer"} <= set(person.variants)
    assert not any("Minister" in v or "Mr" in v for v in person.variants)
    assert set(person.articles) == {"a1", "a2", "a3", "a4"}
    assert person.counts["a1"] == 2 and sum(person.counts.values()) >= 7


@pytest.mark.slow
def test_entities_merge_never_joins_two_people_sharing_a_surname(entities) -> None:
    smiths = _person(entities, "Smith")
    names = sorted(e.name for e in smiths)
    assert names == ["Jana Smith", "Peter Smith"]
    peter = next(e for e in smiths if e.name == "Peter Smith")
    # The bare "Smith" after both names joins the most recently named Smith.
    assert peter.counts["a1"] == 2


@pytest.mark.slow
def test_entities_merge_first_name_variants_when_surname_is_unique(entities) -> None:
    kestrels = _person(entities, "Kestrel")
    assert len(kestrels) == 1
    assert {"Volodar Kestrel", "Vladar Kestrel", "Kestrel"} <= set(kestrels[0].variants)


@pytest.mark.slow
def test_entities_merge_organisations_and_places(entities) -> None:
    authority = [e for e in entities if "Rail Authority" in e.name]
    assert len(authority) == 1 and set(authority[0].articles) == {"a1", "a2", "a3"}
    lindravia = [e for e in entities if e.name == "Lindravia"]
    assert len(lindravia) == 1 and len(lindravia[0].articles) >= 3


@pytest.mark.slow
def test_entities_merge_index_resolves_any_form(entities) -> None:
    index = entity_index(entities)
    person = _person(entities, "Vander")[0]
    for surface in ("Mr. Vandermeer", "Prime Minister Oskar Vandermier's", "Vandermier", "Oskar Vandermeer"):
        assert index(surface) is person
    assert index("Smith") is None  # two Smiths: ambiguous
    assert index("Jana Smith").name == "Jana Smith"
    assert index("Ulrike Nobody") is None


@pytest.mark.slow
def test_entities_merge_name_variants_lists_real_spellings_only(entities) -> None:
    variants = {e.name: spellings for e, spellings in name_variants(entities)}
    assert "Oskar Vandermeer" in variants
    assert {"Oskar Vandermeer", "Oskar Vandermier"} <= set(variants["Oskar Vandermeer"])
    assert "Vandermeer" not in variants["Oskar Vandermeer"]  # contained in the full name
    assert not any("Smith" in name for name in variants)


@pytest.mark.slow
def test_entities_merge_ids_and_order(entities) -> None:
    assert [e.id for e in entities] == [f"e{i + 1}" for i in range(len(entities))]
    widths = [len(e.articles) for e in entities]
    assert widths == sorted(widths, reverse=True)


@pytest.mark.slow
def test_entities_merge_counts_known_names_spacy_missed() -> None:
    extra = Article(id="a5", text="Vandermeer agreed. Kestport waited.")
    articles = [*ARTICLES, extra]
    docs = parse_articles(articles)
    docs["a5"].ents = []  # as if spaCy had missed every name in the short sentences
    entities = merge_entities(articles, docs)
    person = _person(entities, "Vander")[0]
    assert person.counts.get("a5") == 1
    place = [e for e in entities if e.name == "Kestport"]
    assert place and place[0].counts.get("a5") == 1
