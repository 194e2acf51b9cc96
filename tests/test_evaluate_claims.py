"""The claim-alignment evaluation reads ECB+'s labels and counts what it should.

The corpus itself is not needed: an invented two-document topic in the corpus's format
stands in for it.
"""

from __future__ import annotations

from pathlib import Path

from newsprism.evaluate.claims import Scores, load_stories, score_story
from newsprism.records import Claim, Mention
from tests.ecbplus_support import write_topic

_ACT = "ACTION_OCCURRENCE"  # the reader takes chains from relations; the tag is not read

# Each sentence as tokens; mentions as (mention id, chain or None, token numbers, tag).
_DOCS = {
    "1_1ecb.xml": (
        [["Mill", "fire"], ["A", "fire", "destroyed", "the", "old", "mill", "on", "Monday", "."],
         ["Crews", "worked", "all", "night", "."]],
        [("1", "ACT1", [2], _ACT), ("2", "NON1", [5], _ACT), ("3", "TIM1", [7], _ACT), ("4", None, [10], _ACT)],
    ),
    "1_2ecb.xml": (
        [["Mill", "burns"], ["The", "old", "mill", "burned", "down", "on", "Monday", "."],
         ["Nobody", "was", "hurt", "."]],
        [("1", "ACT1", [5], _ACT), ("2", "NON1", [4], _ACT), ("3", "TIM1", [8], _ACT), ("4", "ACT3", [12], _ACT)],
    ),
}


def _write_topic(root: Path) -> None:
    write_topic(root, _DOCS)


def _mention(story, article: str, fragment: str) -> Mention:
    text = next(a.text for a in story.articles if a.id == article)
    start = text.index(fragment)
    return Mention(article, fragment, start, start + len(fragment))


def test_labelled_sentences_carry_their_chains_and_offsets(tmp_path) -> None:
    _write_topic(tmp_path)
    [story] = load_stories(tmp_path)
    assert story.label == "1_ecb"
    texts = {a.id: a.text for a in story.articles}
    found = {(s.article, texts[s.article][s.start : s.end]): (s.actions, s.others) for s in story.sentences}
    assert found == {
        ("1_1ecb", "A fire destroyed the old mill on Monday."): ({"ACT1"}, {"NON1", "TIM1"}),
        ("1_2ecb", "The old mill burned down on Monday."): ({"ACT1"}, {"NON1", "TIM1"}),
        ("1_2ecb", "Nobody was hurt."): ({"ACT3"}, set()),
    }  # the crews' sentence has no cross-document label, the title line is no claim


def test_pairs_and_coverage_cells_are_counted_against_the_labels(tmp_path) -> None:
    _write_topic(tmp_path)
    [story] = load_stories(tmp_path)
    right = Claim("c1", "fire", ("1_1ecb", "1_2ecb"), 2, (
        _mention(story, "1_1ecb", "A fire destroyed the old mill on Monday."),
        _mention(story, "1_2ecb", "The old mill burned down on Monday."),
    ))
    unjudged = Claim("c2", "crews", ("1_1ecb", "1_2ecb"), 2, (
        _mention(story, "1_1ecb", "Crews worked all night."),
        _mention(story, "1_2ecb", "Nobody was hurt."),
    ))
    scores = score_story(story, [right, unjudged])
    assert scores == Scores(
        pairs=2, same_fact=1, same_action=1, aligned=1, aligned_fact=1, aligned_action=1,
        cells=3, cells_fact=2, cells_shown=3, cells_shown_fact=2, cells_judged=2, cells_judged_action=2,
        held=3, alone=1,  # nobody was hurt: said in one document only
    )
    assert (scores.precision, scores.recall, scores.coverage_precision, scores.coverage_recall) == (1, 1, 1, 1)
    apart = score_story(story, [Claim("c1", "fire", ("1_1ecb",), 1, right.mentions[:1])])
    assert (apart.aligned, apart.cells_shown, apart.coverage_recall, apart.f1) == (0, 0, 0.0, 0.0)
    assert (scores + apart).pairs == 4


def test_sentences_shown_exclusive_are_judged_by_whether_another_document_states_them(tmp_path) -> None:
    _write_topic(tmp_path)
    [story] = load_stories(tmp_path)
    fire = Claim("c1", "fire", ("1_1ecb",), 1, (_mention(story, "1_1ecb", "A fire destroyed the old mill on Monday."),))
    hurt = Claim("c2", "hurt", ("1_2ecb",), 1, (_mention(story, "1_2ecb", "Nobody was hurt."),))
    both = score_story(story, [fire, hurt], exclusive={"c1", "c2"})
    assert (both.held, both.alone, both.shown_alone, both.shown_alone_right) == (2, 1, 2, 1)
    assert (both.exclusive_precision, both.exclusive_recall) == (0.5, 1.0)
    # the fire, also in the other document, not shown exclusive: every exclusive is right
    only_hurt = score_story(story, [fire, hurt], exclusive={"c2"})
    assert (only_hurt.exclusive_precision, only_hurt.exclusive_recall) == (1.0, 1.0)
    none = score_story(story, [fire, hurt])
    assert (none.shown_alone, none.exclusive_recall) == (0, 0.0)
