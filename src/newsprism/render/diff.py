"""Word-level differences between renderings of the same quote, for highlighting.

Words are compared, not characters: journalists want to see that "three" became "four",
not that an "e" moved. Punctuation is its own token; curly and straight apostrophes and
quotation marks compare equal, and a closing period or comma one rendering has and the
other not (inside or outside the quotation marks) is not a change, so typography alone
never shows as one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"(\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*|[^\w\s])(\s*)")  # 6.2 and 3,000 are one word
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_CLOSING = {".", ","}


@dataclass(frozen=True)
class DiffPiece:
    """A run of text; ``changed`` when it differs from the other rendering."""

    text: str
    changed: bool


def _tokens(text: str) -> list[tuple[str, str]]:
    """(word, trailing whitespace) pairs; leading whitespace is dropped."""
    return [(m.group(1), m.group(2)) for m in _TOKEN.finditer(text)]


def _key(word: str) -> str:
    return word.translate(_TYPOGRAPHY)


def _opcodes(a: list[tuple[str, str]], b: list[tuple[str, str]], *, part: bool = False) -> list[tuple]:
    """The differences between two token lists. With ``part``, ``b`` may quote only part of
    ``a``: words of ``a`` before the first word ``b`` shares with it and after the last
    are not differences (an outlet that quotes "legitimate targets" out of a longer
    sentence has not changed the rest)."""
    matcher = difflib.SequenceMatcher(None, [_key(w) for w, _ in a], [_key(w) for w, _ in b], autojunk=False)
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    # a closing period or comma inside or outside the quotation marks is house style
    if opcodes and opcodes[-1][0] in ("insert", "delete") and opcodes[-1][2] == len(a) and opcodes[-1][4] == len(b):
        _, i1, i2, j1, j2 = opcodes[-1]
        if all(w in _CLOSING for w, _ in a[i1:i2] + b[j1:j2]):
            opcodes.pop()
    if part and any(tag == "equal" for tag, *_ in matcher.get_opcodes()):
        while opcodes and opcodes[0][0] == "delete" and opcodes[0][3] == 0:
            opcodes.pop(0)
        while opcodes and opcodes[-1][0] == "delete" and opcodes[-1][3] == len(b):
            opcodes.pop()
        # a part that ends (or starts) on a changed word: only as many of a's words as
        # it has there are compared ("targets for destruction" -> "target" is "targets")
        if opcodes and opcodes[-1][0] == "replace" and opcodes[-1][4] == len(b):
            tag, i1, i2, j1, j2 = opcodes[-1]
            opcodes[-1] = (tag, i1, min(i2, i1 + j2 - j1), j1, j2)
        if opcodes and opcodes[0][0] == "replace" and opcodes[0][3] == 0:
            tag, i1, i2, j1, j2 = opcodes[0]
            opcodes[0] = (tag, max(i1, i2 - (j2 - j1)), i2, j1, j2)
    return opcodes


def _changed_indexes(a: list[tuple[str, str]], b: list[tuple[str, str]], *, part: bool = False
                     ) -> tuple[set[int], set[int]]:
    changed_a: set[int] = set()
    changed_b: set[int] = set()
    for _, i1, i2, j1, j2 in _opcodes(a, b, part=part):
        changed_a.update(range(i1, i2))
        changed_b.update(range(j1, j2))
    return changed_a, changed_b


def _pieces(tokens: list[tuple[str, str]], changed: set[int]) -> list[DiffPiece]:
    """Merge consecutive tokens of the same state; whitespace between two changed words
    stays inside the changed run, whitespace after the last one does not."""
    pieces: list[DiffPiece] = []
    for i, (word, space) in enumerate(tokens):
        is_changed = i in changed
        joins_next = is_changed and (i + 1) in changed
        parts = [(word + space, is_changed)] if joins_next or not is_changed else [(word, True), (space, False)]
        for text, flag in parts:
            if not text:
                continue
            if pieces and pieces[-1].changed == flag:
                pieces[-1] = DiffPiece(pieces[-1].text + text, flag)
            else:
                pieces.append(DiffPiece(text, flag))
    return pieces


def word_diff(a: str, b: str) -> tuple[list[DiffPiece], list[DiffPiece]]:
    """Both texts as pieces, with the words that differ from the other text marked changed."""
    ta, tb = _tokens(a), _tokens(b)
    changed_a, changed_b = _changed_indexes(ta, tb)
    return _pieces(ta, changed_a), _pieces(tb, changed_b)


def word_changes(a: str, b: str, *, part: bool = False) -> list[tuple[str, str]]:
    """The differing phrases as ``(in a, in b)`` pairs; one side is empty for an insertion or
    deletion. With ``part``, words of ``a`` that ``b`` does not reach are not listed
    (``b`` quotes part of ``a``; see ``quotes_part``)."""
    ta, tb = _tokens(a), _tokens(b)
    return [("".join(w + s for w, s in ta[i1:i2]).strip(), "".join(w + s for w, s in tb[j1:j2]).strip())
            for _, i1, i2, j1, j2 in _opcodes(ta, tb, part=part)]


def inline_diff(a: str, b: str) -> list[tuple[str, str]]:
    """``b`` read against ``a`` as one run of text: ``("same", text)``, ``("old", text)``
    for words only ``a`` has, ``("new", text)`` for words only ``b`` has, in reading order
    (an edit gives its old words, then its new ones)."""
    ta, tb = _tokens(a), _tokens(b)
    out: list[tuple[str, str]] = []

    def add(kind: str, text: str) -> None:
        if text and out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        elif text:
            out.append((kind, text))

    def changed(kind: str, text: str) -> None:
        add(kind, text.rstrip())
        add("same", text[len(text.rstrip()):])  # the space after it

    done = 0
    for _, i1, i2, j1, j2 in _opcodes(ta, tb):
        add("same", "".join(w + s for w, s in tb[done:j1]))
        if i2 > i1:
            old = "".join(w + s for w, s in ta[i1:i2])
            add("old", old.rstrip())
            if j2 == j1:
                add("same", old[len(old.rstrip()):])
        if j2 > j1:
            changed("new", "".join(w + s for w, s in tb[j1:j2]))
        done = j2
    add("same", "".join(w + s for w, s in tb[done:]))
    return out


def quotes_part(a: str, b: str) -> bool:
    """Whether ``b`` quotes only part of ``a``: it shares words with ``a`` but leaves out
    some of ``a``'s words before the first shared word or after the last."""
    ta, tb = _tokens(a), _tokens(b)
    return len(_opcodes(ta, tb, part=True)) < len(_opcodes(ta, tb))


def reference_index(texts: Sequence[str]) -> int:
    """Which rendering of a quote to compare the others with: the fullest (most words;
    the first of those), so that a fragment quoted in passing is read as part of it."""
    return max(range(len(texts)), key=lambda i: (len(_tokens(texts[i])), -i)) if texts else 0


def mark_variants(texts: Sequence[str]) -> list[list[DiffPiece]]:
    """Each text as pieces. The first text is the reference: its words are marked changed where
    any other text differs; every other text is marked where it differs from the reference.
    A text that quotes only part of the reference differs only within the part it quotes."""
    if not texts:
        return []
    reference = _tokens(texts[0])
    reference_changed: set[int] = set()
    others = []
    for text in texts[1:]:
        tokens = _tokens(text)
        changed_ref, changed_other = _changed_indexes(reference, tokens, part=True)
        reference_changed |= changed_ref
        others.append(_pieces(tokens, changed_other))
    return [_pieces(reference, reference_changed), *others]
