"""Properties of wire-copy detection on articles assembled from random paragraphs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.compare.syndication import find_syndication
from newsprism.records import Article

PARAGRAPHS = [
    "The night train from Osterby to Vell was cancelled on Sunday because of a broken signal cable.",
    "Railway spokesman Tomas Erlund said engineers had worked through the night to repair the line.",
    "“We apologise to every passenger who was left waiting on the platform,” Erlund told reporters.",
    "Buses replaced trains between the two towns for most of the morning, the operator said.",
    "The same stretch of track was closed twice last winter after heavy snow brought down branches.",
    "Passenger groups have asked the transport ministry to publish its maintenance budget for the line.",
    "Services were expected to run normally again by Monday afternoon, according to the timetable office.",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PARAGRAPHS), min_size=0, max_size=6), min_size=1, max_size=6))
def test_syndication_properties_partition_and_offsets(choices: list[list[str]]) -> None:
    articles = [Article(id=f"a{k}", text="\n\n".join(paras)) for k, paras in enumerate(choices)]
    pairs, groups = find_syndication(articles)
    flat = [aid for group in groups for aid in group]
    assert sorted(flat) == sorted(a.id for a in articles) and len(flat) == len(set(flat))
    by_id = {a.id: a for a in articles}
    group_of = {aid: g for g, group in enumerate(groups) for aid in group}
    for pair in pairs:
        assert 0.0 <= pair.score <= 1.0
        for passage in pair.passages:
            for mention in (passage.a, passage.b):
                assert by_id[mention.article].text[mention.start : mention.end] == mention.text
    for a in articles:
        for b in articles:
            prose = {p for p in a.text.split("\n\n") if p and not p.startswith("“")}
            if a.id < b.id and a.text == b.text and len(prose) >= 2:
                assert group_of[a.id] == group_of[b.id]  # identical prose is one origin
