"""Coverage: claims cut from one copy of a wire story, and exclusives counted per source."""

from __future__ import annotations

from newsprism.compare.coverage import build_coverage
from newsprism.records import Article, Claim, Mention, SharedPassage, Syndication

NO_PARSE: dict = {}  # claim-level views only: no spaCy parse needed


def _claim(cid: str, *mentions: tuple[str, int, int]) -> Claim:
    ms = tuple(Mention(a, "x", start, end) for a, start, end in mentions)
    return Claim(cid, "x", tuple(dict.fromkeys(a for a, _, _ in mentions)), 1, ms)


WIRE = [
    Article(id="w1", text="x", outlet="Tern Wire"),
    Article(id="w2", text="x", outlet="Valley Gazette"),  # republishes the Tern Wire story
    Article(id="w3", text="x", outlet="Fenwick Post"),  # republishes it too
    Article(id="r1", text="x", outlet="Marsh Radio"),  # its own reporting
]
GROUPS = [("w1", "w2", "w3"), ("r1",)]


def test_coverage_finds_a_paragraph_one_copy_cut() -> None:
    claims = [
        _claim("kept", ("w1", 0, 10), ("w2", 0, 10), ("w3", 0, 10)),
        _claim("tail", ("w1", 50, 80), ("w3", 50, 80)),  # the Valley Gazette stopped early
    ]
    coverage = build_coverage(claims, WIRE, source_groups=GROUPS, docs=NO_PARSE)
    assert coverage.cut_from_copy == {"w2": ("tail",)}


def test_coverage_a_claim_no_copy_carries_is_not_cut() -> None:
    claims = [_claim("own", ("r1", 0, 10)), _claim("one-copy", ("w1", 20, 30))]
    coverage = build_coverage(claims, WIRE, source_groups=GROUPS, docs=NO_PARSE)
    # "own" is absent from all three copies, "one-copy" from two of them: neither was cut
    assert coverage.cut_from_copy == {}


def test_coverage_without_groups_finds_no_cuts() -> None:
    claims = [_claim("tail", ("w1", 50, 80), ("w3", 50, 80))]
    assert build_coverage(claims, WIRE, docs=NO_PARSE).cut_from_copy == {}


PAIR = [Article(id="p1", text="x", outlet="Tern Wire"), Article(id="p2", text="x", outlet="Valley Gazette")]


def _passage(a: tuple[int, int], b: tuple[int, int]) -> SharedPassage:
    return SharedPassage(Mention("p1", "x", *a), Mention("p2", "x", *b), 0.95)


def test_coverage_two_copies_need_a_gap_between_adjacent_shared_passages() -> None:
    # p1: [0-100 shared][100-200 cut][200-300 shared]; p2: [0-100 shared][101-201 shared]
    pair = Syndication(("p1", "p2"), 0.9, (_passage((0, 100), (0, 100)), _passage((200, 300), (101, 201))))
    claims = [
        _claim("middle", ("p1", 110, 190)),  # inside the stretch p2 skipped
        _claim("added", ("p1", 320, 380)),  # after the shared text: p1 may simply have added it
    ]
    coverage = build_coverage(claims, PAIR, source_groups=[("p1", "p2")], docs=NO_PARSE, syndication=[pair])
    assert coverage.cut_from_copy == {"p2": ("middle",)}
    # without the shared passages a two-copy group proves nothing
    alone = build_coverage(claims, PAIR, source_groups=[("p1", "p2")], docs=NO_PARSE)
    assert alone.cut_from_copy == {}


def test_coverage_claim_of_one_source_is_exclusive_to_each_of_its_outlets() -> None:
    claims = [
        _claim("wire-only", ("w1", 0, 5), ("w2", 0, 5)),
        _claim("shared", ("w1", 9, 12), ("r1", 0, 5)),
    ]
    coverage = build_coverage(claims, WIRE, source_groups=GROUPS, docs=NO_PARSE)
    assert coverage.exclusive["Tern Wire"] == ("wire-only",)
    assert coverage.exclusive["Valley Gazette"] == ("wire-only",)
    assert coverage.exclusive["Marsh Radio"] == ()
    # counted per outlet without groups, two outlets share the claim: exclusive to neither
    assert build_coverage(claims, WIRE, docs=NO_PARSE).exclusive["Tern Wire"] == ()
