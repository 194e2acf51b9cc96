"""One utterance quoted by several outlets forms one Quote; different utterances stay apart."""

from __future__ import annotations

import json

import pytest

from newsprism.compare.entities import merge_entities
from newsprism.compare.quotes import extract_quotes
from newsprism.language.parse import parse_articles
from newsprism.records import Article

ARTICLES = [
    Article(
        id="gazette",
        text=(
            "Fernhollow Mayor Ada Quill said the Lark Street bridge would reopen in the spring.\n\n"
            "“We will rebuild the bridge this year, whatever it costs,” Quill said on Friday.\n\n"
            "“We will not rebuild the school this year,” she added."
        ),
    ),
    Article(
        id="courier",
        text=(
            "Mayor Ada Quill promised on Friday to finish the Lark Street works.\n\n"
            "\"We will rebuild the bridge this year - whatever it costs,\" Quill told reporters.\n\n"
            "\"We will not rebuild the school this year,\" the mayor added."
        ),
    ),
    Article(
        id="ledger",
        text=(
            "Ada Quill, the mayor, said the town would rebuild the bridge “whatever it costs”.\n\n"
            "Councillor Petra Lund said: “The money is simply not there.”"
        ),
    ),
]


@pytest.fixture(scope="module")
def quotes():
    docs = parse_articles(ARTICLES)
    return extract_quotes(ARTICLES, docs, merge_entities(ARTICLES, docs))


@pytest.mark.slow
def test_quotes_across_outlets_one_record_per_utterance(quotes) -> None:
    bridge = [q for q in quotes if any("bridge this year" in m.text for m in q.mentions)]
    assert len(bridge) == 1
    articles = {m.article for m in bridge[0].mentions}
    assert articles == {"gazette", "courier", "ledger"}  # the partial quote joins
    assert bridge[0].speaker == "Ada Quill"
    assert bridge[0].id == "q1"


@pytest.mark.slow
def test_quotes_across_outlets_keep_different_utterances_apart(quotes) -> None:
    school = [q for q in quotes if any("school" in m.text for m in q.mentions)]
    assert len(school) == 1
    assert not any("bridge" in m.text for m in school[0].mentions)
    assert {m.article for m in school[0].mentions} == {"gazette", "courier"}
    lund = [q for q in quotes if q.speaker == "Petra Lund"]
    assert len(lund) == 1 and len(lund[0].mentions) == 1


@pytest.mark.slow
def test_quotes_across_outlets_ids_ordered_by_reach(quotes) -> None:
    assert [q.id for q in quotes] == [f"q{i + 1}" for i in range(len(quotes))]
    reach = [len({m.article for m in q.mentions}) for q in quotes]
    assert reach == sorted(reach, reverse=True)
    texts = {a.id: a.text for a in ARTICLES}
    for q in quotes:
        for m in q.mentions:
            assert texts[m.article][m.start : m.end] == m.text


@pytest.mark.slow
def test_quotes_across_outlets_demo_pledge_worded_many_ways(demo_corpus) -> None:
    """The demo corpus's minister pledge, worded differently by each outlet, is one quote."""
    from newsprism.analyze import load_articles

    expectations = json.loads((demo_corpus.parent / "expectations.json").read_text(encoding="utf-8"))
    expected = expectations["quotes"][0]
    ids = {m["article"] for m in expected["mentions"]}
    articles = [a for a in load_articles([str(demo_corpus)]).articles if a.id in ids]
    assert {a.id for a in articles} == ids
    docs = parse_articles(articles)
    quotes = extract_quotes(articles, docs, merge_entities(articles, docs))
    pledge = [q for q in quotes if q.speaker == expected["speaker"]]
    assert pledge, [q.speaker for q in quotes]
    best = max(pledge, key=lambda q: len({m.article for m in q.mentions}))
    found = {m.article: m for m in best.mentions}
    assert set(found) == ids
    for mention in expected["mentions"]:
        assert found[mention["article"]].text.startswith(mention["text"][:20])


# Invented: three outlets each reword one sentence of the same harbour master.
_REWORDED = {
    "north": "Harbour master Ivo Brandt said: “Nobody may sail until the channel has been dredged.”",
    "south": "Harbour master Ivo Brandt said: “No boat leaves port before the dredgers finish the channel.”",
    "east": "Harbour master Ivo Brandt said: “The channel must be cleared before any vessel goes out.”",
}


def _embed_with(cosines: dict[frozenset[str], float]):
    """A stand-in embedding giving the three renderings the pairwise cosines asked for."""
    import numpy as np

    names = list(_REWORDED)
    gram = np.eye(3)
    for (i, a), (j, b) in ((x, y) for x in enumerate(names) for y in enumerate(names) if x[0] < y[0]):
        gram[i, j] = gram[j, i] = cosines[frozenset((a, b))]
    rows = np.linalg.cholesky(gram)

    def embed(texts):
        return np.array([rows[next(k for k, name in enumerate(names) if _REWORDED[name].split("“")[1][:12] in t)]
                         for t in texts], dtype=np.float32)

    return embed


@pytest.mark.slow
def test_quotes_one_sentence_reworded_by_three_outlets_is_one_quote_unless_a_pair_is_far() -> None:
    """Three groups of one speaker that are pairwise close (under SAME_MEANING, over
    SAME_UTTERANCE_GROUPS) are one utterance; when one pair is not close, which two belong
    together is ambiguous and all three stay apart."""
    articles = [Article(id=name, text=text) for name, text in _REWORDED.items()]
    docs = parse_articles(articles)
    entities = merge_entities(articles, docs)
    close = {frozenset(p): c for p, c in ((("north", "south"), 0.7), (("north", "east"), 0.68), (("south", "east"), 0.66))}
    quotes = extract_quotes(articles, docs, entities, embed=_embed_with(close))
    assert [sorted(m.article for m in q.mentions) for q in quotes] == [["east", "north", "south"]]
    assert quotes[0].speaker == "Ivo Brandt"
    path = {**close, frozenset(("south", "east")): 0.5}
    quotes = extract_quotes(articles, docs, entities, embed=_embed_with(path))
    assert sorted(len(q.mentions) for q in quotes) == [1, 1, 1]
    pair = {**path, frozenset(("north", "east")): 0.5}  # north and south: each the other's only candidate
    quotes = extract_quotes(articles, docs, entities, embed=_embed_with(pair))
    assert sorted(sorted(m.article for m in q.mentions) for q in quotes) == [["east"], ["north", "south"]]


@pytest.mark.slow
def test_quotes_the_judge_is_the_justice_named_before_and_her_reworded_ruling_one_quote(demo_corpus) -> None:
    """"Justice Harriet Lomax" makes "the judge" her; the sentence of her ruling worded three
    ways by three English outlets is one quote (the Spanish article is not compared)."""
    from newsprism.analyze import load_articles

    expectations = json.loads((demo_corpus.parent / "expectations.json").read_text(encoding="utf-8"))
    expected = next(q for q in expectations["quotes"] if q["speaker"] == "Harriet Lomax")
    wanted = {m["article"] for m in expected["mentions"]} - {"heraldo-biblioteca-fallo"}
    articles = [a for a in load_articles([str(demo_corpus)]).articles if a.id in wanted]
    assert {a.id for a in articles} == wanted
    docs = parse_articles(articles)
    quotes = extract_quotes(articles, docs, merge_entities(articles, docs))
    ruling = [q for q in quotes if any(m.text.startswith(e["text"][:20]) for m in q.mentions for e in expected["mentions"])]
    assert len(ruling) == 1 and ruling[0].speaker == "Harriet Lomax"
    assert {m.article for m in ruling[0].mentions} == wanted
    assert {m.speaker_mention for m in ruling[0].mentions} == {"Lomax", "the judge"}


@pytest.mark.slow
def test_quotes_demo_hand_listed_quotes_found_whole_with_their_speaker(demo_corpus) -> None:
    """At least 8 of the demo's 10 hand-listed quotes come out as one record holding every
    English rendering, with the right speaker (the fire chief's "he" and the judge among
    them); Dalia Fenwick's and Agnes Doyle's rewordings are still split."""
    from newsprism.evaluate.quotes import demo_quotes

    results = demo_quotes(demo_corpus)
    assert len(results) == 10
    right = {q["speaker"] for q, ok in results if ok}
    assert sum(ok for _, ok in results) >= 8, [(q["speaker"], ok) for q, ok in results]
    assert {"Oren Blackwood", "Harriet Lomax", "Mirela Kovač"} <= right
