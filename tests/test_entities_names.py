"""Name clean-up used by entity merging (no model needed)."""

from __future__ import annotations

import pytest

from newsprism.compare.entities import normalize_name, strip_title


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("President Oskar Vandermeer", "Oskar Vandermeer"),
        ("Mr. Vandermeer's", "Vandermeer"),
        ("Harbour Minister Mirela Kovač", "Mirela Kovač"),
        ("Lindravian spokesperson Ilka Brandt", "Ilka Brandt"),
        ("former Prime Minister Jo Ardel", "Jo Ardel"),
        ("Vandermeer", "Vandermeer"),
    ],
)
def test_entities_names_strip_titles(surface: str, name: str) -> None:
    stripped, cut = strip_title(surface)
    assert stripped == name
    assert surface[cut : cut + len(stripped)] == stripped


def test_entities_names_normalize_accents_dots_and_possessive() -> None:
    assert normalize_name("Kovač’s") == normalize_name("Kovac") == "kovac"
    assert normalize_name("the U.S.") == "us"
