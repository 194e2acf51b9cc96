from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsprism.render.diff import DiffPiece, mark_variants, word_changes, word_diff


def _changed(pieces: list[DiffPiece]) -> list[str]:
    return [p.text for p in pieces if p.changed]


def test_render_diff_marks_only_the_changed_word() -> None:
    a, b = word_diff("We moved four hundred families.", "We moved three hundred families.")
    assert _changed(a) == ["four"]
    assert _changed(b) == ["three"]
    assert "".join(p.text for p in a) == "We moved four hundred families."


def test_render_diff_insertions_and_deletions() -> None:
    a, b = word_diff("The water rose fast.", "The cold water rose.")
    assert _changed(a) == ["fast"]
    assert _changed(b) == ["cold"]


def test_render_diff_adjacent_changes_form_one_run() -> None:
    a, b = word_diff("before the water rose", "before the tide came in")
    assert _changed(a) == ["water rose"]
    assert _changed(b) == ["tide came in"]


def test_render_diff_identical_and_typographic_variants_are_unchanged() -> None:
    a, b = word_diff("It’s “done”, she said.", "It's \"done\", she said.")
    assert _changed(a) == [] and _changed(b) == []


def test_render_diff_punctuation_is_its_own_token() -> None:
    a, b = word_diff("We stay.", "We stay!")
    assert _changed(a) == ["."]
    assert _changed(b) == ["!"]


def test_render_diff_word_changes_lists_pairs() -> None:
    assert word_changes("four hundred families", "three hundred families") == [("four", "three")]
    assert word_changes("the water rose", "the water rose again") == [("", "again")]


def test_render_diff_mark_variants_uses_first_as_reference() -> None:
    texts = ["moved four families before the water rose", "moved three families before the water rose",
             "moved four families before the water came"]
    ref, second, third = mark_variants(texts)
    assert _changed(ref) == ["four", "rose"]
    assert _changed(second) == ["three"]
    assert _changed(third) == ["came"]
    assert mark_variants([]) == []


@given(st.text(), st.text())
def test_render_diff_pieces_keep_every_word(a: str, b: str) -> None:
    pa, pb = word_diff(a, b)
    for original, pieces in ((a, pa), (b, pb)):
        assert "".join(original.split()) == "".join("".join(p.text for p in pieces).split())


def test_render_diff_a_quote_in_part_differs_only_within_the_part_it_quotes() -> None:
    from newsprism.render.diff import quotes_part, reference_index

    full = "If the gates fail again, we will close the harbour to every ship until spring"
    texts = ["close the harbour", full, "If the gates fail again, we will shut the harbour to every ship until spring",
             "close the harbours"]
    assert reference_index(texts) == 1 and reference_index([]) == 0
    assert reference_index(["two words", "two others"]) == 0  # the first of the fullest
    assert quotes_part(full, "close the harbour") and not quotes_part(full, texts[2])
    assert word_changes(full, "close the harbour", part=True) == []
    assert word_changes(full, "close the harbours", part=True) == [("harbour", "harbours")]
    assert word_changes(full, "we shall close", part=True) == [("will", "shall")]
    # a part that ends on a changed word is compared word for word there
    assert word_changes(full, "every ship until summer", part=True) == [("spring", "summer")]
    assert word_changes(full, "to all ships", part=False)[0][0].startswith("If the gates")
    ref, *others = mark_variants([full, "close the harbour", texts[2], "close the harbours"])
    assert _changed(ref) == ["close", "harbour"]  # what the fragments left out is not a change
    assert [_changed(o) for o in others] == [[], ["shut"], ["harbours"]]
    assert not quotes_part("the tide is high", "nothing in common here")


def test_render_diff_a_closing_period_or_comma_alone_is_house_style() -> None:
    assert word_changes("they will be targets", "they will be targets.") == []
    assert word_changes("they will be targets,", "they will be targets") == []
    a, b = word_diff("We stay", "We stay.")
    assert _changed(a) == [] and _changed(b) == []
    assert word_changes("We stay.", "We stay!") == [(".", "!")]  # another mark is a change
    assert word_changes("We stay", "We stay, he said.") == [("", ", he said.")]  # words are a change
