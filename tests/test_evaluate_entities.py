"""The entity evaluation reads ECB+'s named mentions and counts what it should.

The corpus itself is not needed: an invented two-document topic in the corpus's format
stands in for it.
"""

from __future__ import annotations

from collections import Counter

import pytest

from newsprism.evaluate.entities import Named, Scores, load_stories, name_surface, score_story
from newsprism.records import Entity
from tests.ecbplus_support import write_topic

PER, GEO, ORG = "HUMAN_PART_PER", "LOC_GEO", "HUMAN_PART_ORG"

# Token numbers count from 0 across the document, the title line (sentence 0) included.
_DOCS = {
    "1_1ecb.xml": (
        [["Mill", "fire"],
         ["Mayor", "Ann", "Lisle", "visited", "the", "Gullhaven", "mill", "."],
         ["She", "praised", "the", "Fire", "Brigade", "."]],
        [("1", "HUM1", [3, 4], PER), ("2", "LOC1", [7], GEO), ("3", "HUM1", [10], PER),
         ("4", "ORG1", [12, 13, 14], ORG)],
    ),
    "1_2ecb.xml": (
        [["Lisle", "at", "mill"],
         ["Lisle", "thanked", "firefighters", "in", "Gullhaven", "."],
         ["Police", "said", "the", "mayor", "was", "calm", "."],
         ["Two", "police", "officers", "helped", "."]],
        [("1", "HUM1", [0], PER), ("2", "HUM1", [3], PER), ("3", "LOC1", [7], GEO), ("4", "ORG2", [9], ORG),
         ("5", "HUM1", [11, 12], PER)],
    ),
}


def _entity(number: int, name: str, kind: str, variants: tuple[str, ...], articles: tuple[str, ...]) -> Entity:
    return Entity(f"e{number}", name, kind, variants, articles)


def test_only_body_mentions_written_as_names_are_scored(tmp_path) -> None:
    write_topic(tmp_path, _DOCS)
    [story] = load_stories(tmp_path)
    assert story.label == "1_ecb"
    assert set(story.names) == {
        Named("1_1ecb", "Ann Lisle", "HUM1", "person"),
        Named("1_1ecb", "Gullhaven", "LOC1", "place"),
        Named("1_1ecb", "Fire Brigade", "ORG1", "organisation"),  # "the" dropped
        Named("1_2ecb", "Lisle", "HUM1", "person"),
        Named("1_2ecb", "Gullhaven", "LOC1", "place"),
    }  # not "She", "the mayor", the title's "Lisle", nor "Police", written "police" elsewhere


@pytest.mark.parametrize(
    ("words", "initial", "text", "surface"),
    [
        (["Bank", "of", "Ostra"], False, "", "Bank of Ostra"),
        (["the", "actress"], False, "", ""),
        (["He"], True, "", ""),
        (["Reyvik"], True, "Reyvik spoke.", "Reyvik"),
        (["Officials"], True, "Officials and other officials.", ""),
    ],
)
def test_name_surface(words: list[str], initial: bool, text: str, surface: str) -> None:
    assert name_surface(words, initial, text) == surface


def test_found_merged_and_typed_names_are_counted(tmp_path) -> None:
    write_topic(tmp_path, _DOCS)
    [story] = load_stories(tmp_path)
    both = ("1_1ecb", "1_2ecb")
    entities = [
        _entity(1, "Ann Lisle", "PERSON", ("Ann Lisle", "Lisle"), both),
        _entity(2, "Gullhaven", "PERSON", ("Gullhaven",), both),  # a place shown as a person
    ]
    scores = score_story(story, entities)
    assert scores == Scores(
        names=5, found=4, pairs=4, gold_same=2, merged=2, merged_right=2, typed=4, typed_right=2,
        people_labelled=2, people_shown=4, people_right=2, confusions=Counter({("place", "person"): 2}),
    )
    assert (scores.precision, scores.recall, scores.type_accuracy, scores.people_precision) == (1, 1, 0.5, 0.5)

    apart = score_story(story, [
        _entity(1, "Ann Lisle", "PERSON", ("Ann Lisle",), ("1_1ecb",)),
        _entity(2, "Lisle", "ORG", ("Lisle",), ("1_2ecb",)),  # the same person, apart and mistyped
        _entity(3, "Gullhaven", "GPE", ("Gullhaven",), ("1_1ecb",)),  # not listed for 1_2ecb: not found there
    ])
    assert (apart.found, apart.pairs, apart.gold_same, apart.merged, apart.recall) == (3, 2, 1, 0, 0.0)
    assert (apart.typed_right, apart.people_recall) == (2, 0.5)
    assert apart.confusions == Counter({("person", "organisation"): 1})
    assert (scores + apart).names == 10
