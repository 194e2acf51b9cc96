"""Disjoint groups of the items ``0 .. n-1`` (a union-find forest), shared by the stages that
join items pair by pair: wire-copy source groups and quote renderings."""

from __future__ import annotations

from collections.abc import Iterable


class Groups:
    """Items joined into groups; ``parent`` is the forest itself, for callers that graft
    one group onto another directly."""

    def __init__(self, parents: int | Iterable[int]) -> None:
        """``parents`` is a count of items, each its own group, or a forest to go on from."""
        self.parent = list(range(parents)) if isinstance(parents, int) else list(parents)

    def find(self, item: int) -> int:
        """The root of the item's group (paths are halved on the way)."""
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        """One group of the two items' groups, rooted at the smaller root."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def roots(self) -> list[int]:
        """Each item's root, so each group is named by its first member."""
        return [self.find(item) for item in range(len(self.parent))]
