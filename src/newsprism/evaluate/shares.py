"""Scores read from counts: a share of one count in another, and F1."""

from __future__ import annotations

from typing import Any


class Share:
    """A score read from two counts of a scores record: the share ``part / whole`` (0 when
    ``whole`` is 0). Declared on the class: ``recall = Share("found", "gold", "gold found")``."""

    def __init__(self, part: str, whole: str, doc: str) -> None:
        self.part, self.whole, self.__doc__ = part, whole, f"Share of {doc}."

    def __get__(self, scores: Any, owner: type) -> float:
        if scores is None:
            return self  # type: ignore[return-value]
        whole = getattr(scores, self.whole)
        return getattr(scores, self.part) / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
