"""Coverage: which outlet reports which claim, what only it reports, and what it leaves out.

An outlet is ``article.outlet``, or the article id when the outlet is unknown. An outlet
omits a claim when it does not report it although the claim is well supported elsewhere:
at least ``OMIT_SHARE`` of the other independent sources report it, and never fewer than
``MIN_OMIT_SOURCES``. Independent sources are the story's source groups (articles that
share wire copy count once); without them every outlet counts as one source.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from newsprism.records import Article, Claim, Coverage

# "Well supported" is a policy, not a fit: half of the other independent sources, and at
# least two of them so that, in a two-outlet story, one outlet's every sentence is not
# counted as an omission of the other (that is what ``exclusive`` already says).
OMIT_SHARE = 0.5
MIN_OMIT_SOURCES = 2


def build_coverage(
    claims: Sequence[Claim],
    articles: Sequence[Article],
    *,
    source_groups: Sequence[Sequence[str]] | None = None,
) -> Coverage:
    """The claims x outlets matrix with each outlet's exclusive and omitted claims."""
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    outlets = tuple(dict.fromkeys(outlet_of[a.id] for a in articles))
    if source_groups:
        group_of = {aid: k for k, group in enumerate(source_groups) for aid in group}
    else:
        group_of = {a.id: outlet_of[a.id] for a in articles}
    # the sources (groups) each outlet's articles belong to
    sources_of: dict[str, set[object]] = {o: set() for o in outlets}
    for article in articles:
        sources_of[outlet_of[article.id]].add(group_of.get(article.id, article.id))
    all_sources = set().union(*sources_of.values()) if sources_of else set()

    matrix: dict[str, tuple[str, ...]] = {}
    exclusive: dict[str, list[str]] = {o: [] for o in outlets}
    omitted: dict[str, list[str]] = {o: [] for o in outlets}
    for claim in claims:
        reporting = tuple(dict.fromkeys(outlet_of[a] for a in claim.articles if a in outlet_of))
        matrix[claim.id] = reporting
        if len(reporting) == 1:
            exclusive[reporting[0]].append(claim.id)
        claim_sources = {group_of.get(a, a) for a in claim.articles if a in outlet_of}
        for outlet in outlets:
            if outlet in reporting:
                continue
            others = all_sources - sources_of[outlet]
            support = len(claim_sources & others)
            needed = max(MIN_OMIT_SOURCES, math.ceil(OMIT_SHARE * len(others)))
            if others and support >= needed:
                omitted[outlet].append(claim.id)
    return Coverage(
        outlets=outlets,
        matrix=matrix,
        exclusive={o: tuple(ids) for o, ids in exclusive.items()},
        omitted={o: tuple(ids) for o, ids in omitted.items()},
    )
