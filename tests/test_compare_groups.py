"""The union-find forest the wire-copy and quote stages share (``compare/groups.py``)."""

from __future__ import annotations

import random

import pytest

from newsprism.compare.groups import Groups


def test_groups_join_is_transitive_and_named_by_the_first_member() -> None:
    groups = Groups(6)
    groups.join(4, 2)
    groups.join(5, 4)
    groups.join(1, 3)
    assert groups.roots() == [0, 1, 2, 1, 2, 2]
    groups.join(3, 5)
    assert groups.roots() == [0, 1, 1, 1, 1, 1]


def test_groups_go_on_from_a_forest() -> None:
    groups = Groups([0, 0, 2, 2])  # {0, 1}, {2, 3}
    groups.join(1, 3)
    assert groups.roots() == [0, 0, 0, 0]


@pytest.mark.parametrize("seed", range(10))
def test_groups_are_the_connected_pieces_of_the_pairs(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.randint(1, 30)
    pairs = [(rng.randrange(size), rng.randrange(size)) for _ in range(rng.randint(0, 25))]
    groups = Groups(size)
    for a, b in pairs:
        groups.join(a, b)
    # the reference: relabel until nothing changes
    label = list(range(size))
    changed = True
    while changed:
        changed = False
        for a, b in pairs:
            low = min(label[a], label[b])
            for k in (a, b):
                if label[k] != low:
                    label = [low if x == label[k] else x for x in label]
                    changed = True
    assert groups.roots() == label
