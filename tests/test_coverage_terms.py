"""Coverage: names and nouns most sources use that one outlet never does."""

from __future__ import annotations

import pytest

from newsprism.compare.coverage import build_coverage
from newsprism.language.parse import parse_articles
from newsprism.records import Article

pytestmark = pytest.mark.slow

# An invented story: four independent outlets report a river flood in the town of Brennick.
TEXTS = {
    "a": (
        "River Tolle burst its banks in Brennick on Sunday after the old levee gave way, "
        "flooding forty homes. Mayor Ilona Farrow said the levee had been due for repair. "
        "Volunteers filled sandbags at the harbour through the night."
    ),
    "b": (
        "Forty homes in Brennick were flooded on Sunday when a levee on the River Tolle failed. "
        "Mayor Ilona Farrow visited the flooded streets. Engineers said the levee was decades old. "
        "Boats from the harbour helped residents leave."
    ),
    "c": (
        "The River Tolle flooded forty homes in Brennick on Sunday after a levee collapsed. "
        "Mayor Ilona Farrow asked for calm. A school gymnasium opened as a shelter for families. "
        "Fishermen at the harbor lent their boats."
    ),
    "d": (
        "Forty homes were flooded in Brennick on Sunday as the River Tolle rose. "
        "Mayor Ilona Farrow said families would be housed in a school gymnasium. "
        "Fishermen lent their boats to take residents to safety."
    ),
}
OUTLETS = {"a": "Tolle Valley News", "b": "Brennick Echo", "c": "Riverside Times", "d": "Northern Bulletin"}


@pytest.fixture(scope="module")
def coverage():
    articles = [Article(id=k, text=v, outlet=OUTLETS[k]) for k, v in TEXTS.items()]
    return build_coverage([], articles, docs=parse_articles(articles))


def test_coverage_term_most_sources_use_is_missing_from_the_outlet_that_never_does(coverage) -> None:
    assert "levee" in coverage.missing_terms["Northern Bulletin"]
    assert set(coverage.term_articles["levee"]) == {"a", "b", "c"}  # the evidence


def test_coverage_term_in_another_spelling_or_plural_is_not_missing(coverage) -> None:
    # "harbour" / "harbor", "levee" / "levees": the Riverside Times and Brennick Echo use them
    listed = {t.lower() for terms in coverage.missing_terms.values() for t in terms}
    assert "harbour" not in coverage.missing_terms["Riverside Times"]
    assert "levee" not in coverage.missing_terms["Brennick Echo"]
    assert "farrow" not in listed and "ilona farrow" not in listed  # everyone names the mayor


def test_coverage_term_of_a_single_source_is_not_expected_of_others(coverage) -> None:
    listed = {t.lower() for terms in coverage.missing_terms.values() for t in terms}
    assert "sandbag" not in listed and "engineer" not in listed  # one source each


def test_coverage_missing_terms_are_capped_per_outlet(coverage) -> None:
    from newsprism.compare.coverage import MAX_MISSING_TERMS

    assert all(len(terms) <= MAX_MISSING_TERMS for terms in coverage.missing_terms.values())


def test_coverage_two_sources_expect_no_terms() -> None:
    articles = [Article(id=k, text=TEXTS[k], outlet=OUTLETS[k]) for k in ("a", "d")]
    coverage = build_coverage([], articles, docs=parse_articles(articles))
    assert all(not terms for terms in coverage.missing_terms.values())


def test_coverage_term_in_the_dateline_or_title_counts_as_used() -> None:
    # "Brennick" only in the dateline (cut from the body by the cleaner) or only in the title
    body_d = TEXTS["d"].replace("in Brennick ", "")
    base = [Article(id=k, text=v, outlet=OUTLETS[k]) for k, v in TEXTS.items() if k != "d"]
    without = base + [Article(id="d", text=body_d, outlet=OUTLETS["d"])]
    dated = base + [Article(id="d", text=body_d, outlet=OUTLETS["d"], dateline="BRENNICK")]
    titled = base + [Article(id="d", text=body_d, outlet=OUTLETS["d"], title="Flood in Brennick")]
    missing = build_coverage([], without, docs=parse_articles(without)).missing_terms["Northern Bulletin"]
    assert "Brennick" in missing
    for articles in (dated, titled):
        assert "Brennick" not in build_coverage([], articles, docs=parse_articles(articles)).missing_terms["Northern Bulletin"]


def test_coverage_noun_of_an_idiom_is_not_a_term() -> None:
    """"Boots on the ground" in three outlets' leads is not about boots: the fourth, which
    does not use the phrase, is not told it omits them."""
    texts = {
        "a": "The Varnish League will put boots on the ground in Orrin next week, its council said on Monday.",
        "b": "Orrin will see boots on the ground from next week after the Varnish League council voted on Monday.",
        "c": "The Varnish League council voted on Monday for boots on the ground in Orrin from next week.",
        "d": "The Varnish League council voted on Monday to send observers to Orrin from next week.",
    }
    outlets = {"a": "Orrin Post", "b": "League Wire", "c": "Valley Star", "d": "Harbour Note"}
    articles = [Article(id=k, text=v, outlet=outlets[k]) for k, v in texts.items()]
    found = build_coverage([], articles, docs=parse_articles(articles))
    listed = {t.lower() for terms in found.missing_terms.values() for t in terms}
    assert "boot" not in listed and "ground" not in listed


def test_coverage_a_time_word_is_not_a_missing_term() -> None:
    """Saying when ("in the autumn", "last June") is not a term an outlet leaves out, however
    many outlets say it in their lead; the levee they name there is."""
    leads = {
        "a": "Crews rebuilt the Brennick levee in the autumn, but it failed on Sunday.",
        "b": "Volunteers repaired the Brennick levee in the autumn, and it failed on Sunday.",
        "c": "The Brennick levee, mended in the autumn, broke on Sunday.",
        "d": "Forty homes flooded in Brennick on Sunday.",
    }
    articles = [Article(id=k, text=f"{leads[k]} {TEXTS[k]}", outlet=OUTLETS[k]) for k in TEXTS]
    coverage = build_coverage([], articles, docs=parse_articles(articles))
    assert "levee" in coverage.missing_terms["Northern Bulletin"]
    assert "autumn" not in coverage.missing_terms["Northern Bulletin"]
    # a word that another article's date names is a time word too, however it is written
    leads = {"a": "BRENNICK, JUNE 3 - The Brennick levee failed on Sunday.",
             "b": "BRENNICK, JUNE 3 - Forty homes flooded when the Brennick levee failed.",
             "c": "The Brennick levee, repaired last June, failed on Sunday.",
             "d": "Forty homes flooded in Brennick on Sunday."}
    articles = [Article(id=k, text=f"{leads[k]} {TEXTS[k]}", outlet=OUTLETS[k]) for k in TEXTS]
    coverage = build_coverage([], articles, docs=parse_articles(articles))
    assert "levee" in coverage.missing_terms["Northern Bulletin"]
    assert "june" not in {t.lower() for t in coverage.missing_terms["Northern Bulletin"]}
