"""Coverage: claims x outlets, exclusive claims and well-supported omissions."""

from __future__ import annotations

from newsprism.compare.coverage import build_coverage
from newsprism.records import Article, Claim, Mention


def _claim(cid: str, *article_ids: str, sources: int | None = None) -> Claim:
    mentions = tuple(Mention(a, "x", 0, 1) for a in article_ids)
    return Claim(cid, "x", tuple(article_ids), sources or len(article_ids), mentions)


NO_PARSE: dict = {}  # claim-level coverage only: no spaCy parse for these one-word texts

ARTICLES = [
    Article(id="a1", text="x", outlet="Harbour Times"),
    Article(id="a2", text="x", outlet="Coast Herald"),
    Article(id="a3", text="x", outlet="Coast Herald"),  # a second article of one outlet
    Article(id="a4", text="x", outlet=None),  # outlet unknown: the id stands in
    Article(id="a5", text="x", outlet="Inland Voice"),
]


def test_coverage_matrix_lists_outlets_reporting_each_claim() -> None:
    coverage = build_coverage([_claim("c1", "a1", "a2", "a3"), _claim("c2", "a4")], ARTICLES, docs=NO_PARSE)
    assert coverage.outlets == ("Harbour Times", "Coast Herald", "a4", "Inland Voice")
    assert coverage.matrix == {"c1": ("Harbour Times", "Coast Herald"), "c2": ("a4",)}


def test_coverage_exclusive_claims_are_those_one_outlet_alone_reports() -> None:
    claims = [_claim("c1", "a2", "a3"), _claim("c2", "a1", "a5"), _claim("c3", "a5")]
    coverage = build_coverage(claims, ARTICLES, docs=NO_PARSE)
    assert coverage.exclusive["Coast Herald"] == ("c1",)  # two articles, one outlet
    assert coverage.exclusive["Inland Voice"] == ("c3",)
    assert coverage.exclusive["Harbour Times"] == ()


def test_coverage_a_claim_related_to_another_outlets_is_not_exclusive_nor_omitted_there() -> None:
    """A related claim may state the same fact in other words: the outlets that report it
    are neither left out of an exclusive nor said to omit the claim."""
    related = Claim("c1", "x", ("a1",), 1, (Mention("a1", "x", 0, 1),), related=("c2",))
    other = Claim("c2", "x", ("a5",), 1, (Mention("a5", "x", 0, 1),), related=("c1",))
    claims = [related, other, _claim("c3", "a1"), _claim("wide", "a1", "a2", "a4")]
    coverage = build_coverage(claims, ARTICLES, docs=NO_PARSE)
    assert coverage.exclusive["Harbour Times"] == ("c3",)
    assert coverage.exclusive["Inland Voice"] == ()
    assert coverage.matrix["c1"] == ("Harbour Times",)  # the matrix still shows who reports it
    assert coverage.omitted["Inland Voice"] == ("wide",)
    near_wide = Claim("c4", "x", ("a5",), 1, (Mention("a5", "x", 0, 1),), related=("wide",))
    coverage = build_coverage([*claims, near_wide], ARTICLES, docs=NO_PARSE)
    assert coverage.omitted["Inland Voice"] == ()  # it reports something close to "wide"
    # a claim related only to one of its own outlet's claims stays exclusive
    own = Claim("c5", "x", ("a2",), 1, (Mention("a2", "x", 0, 1),), related=("c6",))
    own_other = Claim("c6", "x", ("a3",), 1, (Mention("a3", "x", 0, 1),), related=("c5",))
    coverage = build_coverage([own, own_other], ARTICLES, docs=NO_PARSE)
    assert coverage.exclusive["Coast Herald"] == ("c5", "c6")


def test_coverage_a_claim_stated_in_passing_elsewhere_is_not_exclusive_nor_omitted_there() -> None:
    """One way: the outlet whose sentence recalls a claim does not omit it, and the claim is
    not exclusive; the recalling claim's own fact may still be one outlet's alone."""
    recalled = Claim("c1", "x", ("a1",), 1, (Mention("a1", "x", 0, 1),), recalled_by=("c2",))
    recalling = _claim("c2", "a5")
    wide = Claim("wide", "x", ("a1", "a2", "a4"), 3, tuple(Mention(a, "x", 0, 1) for a in ("a1", "a2", "a4")),
                 recalled_by=("c2",))
    coverage = build_coverage([recalled, recalling, wide], ARTICLES, docs=NO_PARSE)
    assert coverage.exclusive["Harbour Times"] == ()
    assert coverage.exclusive["Inland Voice"] == ("c2",)
    assert coverage.omitted["Inland Voice"] == ()
    assert coverage.matrix["c1"] == ("Harbour Times",)
    # recalled only by a claim of its own outlet: still exclusive
    own = Claim("c3", "x", ("a2",), 1, (Mention("a2", "x", 0, 1),), recalled_by=("c4",))
    coverage = build_coverage([own, _claim("c4", "a3")], ARTICLES, docs=NO_PARSE)
    assert coverage.exclusive["Coast Herald"] == ("c3", "c4")


def test_coverage_one_outlet_story_has_no_exclusives() -> None:
    # one outlet, two articles: nothing to compare against, so nothing is "only" theirs
    articles = [Article(id="b1", text="x", outlet="Harbour Times"), Article(id="b2", text="x", outlet="Harbour Times")]
    coverage = build_coverage([_claim("c1", "b1"), _claim("c2", "b1", "b2")], articles, docs=NO_PARSE)
    assert coverage.exclusive == {"Harbour Times": ()}
    assert coverage.matrix == {"c1": ("Harbour Times",), "c2": ("Harbour Times",)}


def test_coverage_omitted_needs_half_of_the_other_independent_sources() -> None:
    claims = [
        _claim("wide", "a1", "a2", "a4"),  # 3 of the 3 other sources for Inland Voice
        _claim("narrow", "a1", "a2"),  # 2 of 3 others for a4 and Inland Voice: >= half
        _claim("single", "a1"),  # one source is never "well supported"
    ]
    coverage = build_coverage(claims, ARTICLES, docs=NO_PARSE)
    assert coverage.omitted["Inland Voice"] == ("wide", "narrow")
    assert coverage.omitted["a4"] == ("narrow",)
    assert coverage.omitted["Harbour Times"] == ()
    assert "single" not in {c for ids in coverage.omitted.values() for c in ids}


def test_coverage_counts_wire_copies_once_when_source_groups_are_given() -> None:
    claims = [_claim("wire", "a1", "a2")]
    groups = [("a1", "a2"), ("a3",), ("a4",), ("a5",)]
    # with a1 and a2 one origin, the claim has one independent source: nobody omits it
    with_groups = build_coverage(claims, ARTICLES, source_groups=groups, docs=NO_PARSE)
    assert all(not ids for ids in with_groups.omitted.values())
    without = build_coverage(claims, ARTICLES, docs=NO_PARSE)
    assert "wire" in without.omitted["Inland Voice"]


def test_coverage_of_an_empty_story() -> None:
    coverage = build_coverage([], [])
    assert coverage.outlets == () and coverage.matrix == {} and coverage.omitted == {}
