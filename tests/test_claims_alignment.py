"""Claim alignment across articles: paraphrases align, different numbers or people do not."""

from __future__ import annotations

import pytest

from newsprism.compare.claims import _conflict, _Unit, align_claims
from newsprism.records import Article, Span

# Invented story: a fictional dam inspection in a fictional valley.
A = (
    "Inspectors closed the Orlen Valley dam on Tuesday after finding cracks in its spillway.\n\n"
    "Engineer Marta Lindqvist said repairs would take at least six weeks.\n\n"
    "About 1,200 residents downstream were told to prepare for a possible evacuation.\n\n"
    "Will the reservoir hold?\n\n"
    "The regional council has set aside 14 million crowns for the work."
)
B = (
    "Safety inspectors shut down the dam in the Orlen Valley on Tuesday because of cracks found in "
    "the spillway.\n\n"
    "Repairs will last six weeks or more, according to engineer Marta Lindqvist.\n\n"
    "Some 3,000 people living below the dam were asked to get ready to leave their homes.\n\n"
    "Fishing on the lake has been banned until further notice by the local angling club."
)
C = (
    "Budget\n\n"
    "The Orlen Valley dam was closed by inspectors on Tuesday after cracks appeared in the spillway.\n\n"
    "Engineer Jonas Pietilä said repairs would take at least six weeks.\n\n"
    "Officials said so."
)


@pytest.fixture(scope="module")
def story() -> tuple[list[Article], dict]:
    from newsprism.language.parse import parse_articles

    articles = [
        Article(id="a", text=A, outlet="Valley Post"),
        Article(id="b", text=B, outlet="Northern Daily"),
        Article(id="c", text=C, outlet="Lake Radio", headings=(Span(0, 6),)),
    ]
    return articles, parse_articles(articles)


def _claim_with(claims, article: str, fragment: str):
    return next(c for c in claims if any(m.article == article and fragment in m.text for m in c.mentions))


@pytest.mark.slow
def test_claims_align_paraphrases_across_articles(story) -> None:
    articles, docs = story
    claims = align_claims(articles, docs, [("a",), ("b",), ("c",)])
    closure = _claim_with(claims, "a", "Inspectors closed")
    assert set(closure.articles) == {"a", "b", "c"}
    assert closure.independent_sources == 3
    assert claims[0] is closure  # most widely reported first
    repairs = _claim_with(claims, "b", "Repairs will last")
    assert "a" in repairs.articles


@pytest.mark.slow
def test_claims_keep_different_numbers_and_people_apart(story) -> None:
    articles, docs = story
    claims = align_claims(articles, docs, [("a",), ("b",), ("c",)])
    residents = _claim_with(claims, "a", "1,200 residents")
    assert "b" not in residents.articles  # 1,200 vs 3,000: a discrepancy, not one claim
    engineer = _claim_with(claims, "c", "Jonas")
    assert "a" not in engineer.articles  # Lindqvist vs Pietilä


@pytest.mark.slow
def test_claims_skip_questions_headings_and_fragments(story) -> None:
    articles, docs = story
    claims = align_claims(articles, docs, [("a",), ("b",), ("c",)])
    texts = [m.text for c in claims for m in c.mentions]
    assert not any(t.endswith("?") for t in texts)
    assert "Budget" not in texts
    assert "Officials said so." not in texts


@pytest.mark.slow
def test_claims_mentions_are_exact_offsets_and_one_per_article(story) -> None:
    articles, docs = story
    by_id = {a.id: a for a in articles}
    claims = align_claims(articles, docs, [("a", "b"), ("c",)])
    assert [c.id for c in claims] == [f"c{k + 1}" for k in range(len(claims))]
    for claim in claims:
        for m in claim.mentions:
            assert by_id[m.article].text[m.start : m.end] == m.text
        assert len({m.article for m in claim.mentions}) == len(claim.mentions)
        assert claim.text in {m.text for m in claim.mentions}
        assert claim.articles == tuple(dict.fromkeys(m.article for m in claim.mentions))
    closure = _claim_with(claims, "a", "Inspectors closed")
    assert closure.independent_sources == 2  # a and b share one origin here
    supports = [(c.independent_sources, len(c.articles)) for c in claims]
    assert supports == sorted(supports, reverse=True)


@pytest.mark.slow
def test_claims_split_long_multi_fact_sentences() -> None:
    from newsprism.language.parse import parse_articles

    text = (
        "The council approved the new harbour budget of nine million crowns after a long debate on "
        "Thursday evening; the mayor announced that construction of the northern breakwater will "
        "begin in the spring and finish within two years."
    )
    article = Article(id="x", text=text)
    claims = align_claims([article], parse_articles([article]), [("x",)])
    assert len(claims) == 2
    assert all(text[m.start : m.end] == m.text for c in claims for m in c.mentions)


def test_claims_of_an_empty_story_are_empty() -> None:
    assert align_claims([], {}, []) == []


@pytest.mark.slow
def test_claims_of_one_article_need_no_embedding(monkeypatch) -> None:
    """Two units of one article never align, so a one-article story skips the embedder
    (the cost of every singleton story in a batch) and keeps each unit as its own claim."""
    import newsprism.compare.claims as claims_module
    from newsprism.language.parse import parse_articles

    text = (
        "The ferry company cancelled all crossings to Vell Island on Monday because of the storm. "
        "The ferry company cancelled every crossing to Vell Island on Monday owing to the storm. "
        "Harbour master Orla Penning said the boats would sail again once the wind dropped."
    )
    article = Article(id="solo", text=text)
    docs = parse_articles([article])

    def no_embedding(texts):
        raise AssertionError("a one-article story was embedded")

    monkeypatch.setattr(claims_module, "embed", no_embedding)
    claims = align_claims([article], docs, [("solo",)])
    assert len(claims) == 3  # near-identical sentences of one article stay two claims
    assert all(len(c.mentions) == 1 and c.articles == ("solo",) for c in claims)
    assert [c.mentions[0].start for c in claims] == sorted(c.mentions[0].start for c in claims)


@pytest.mark.slow
def test_claims_know_who_speaks_in_a_unit() -> None:
    from newsprism.compare.claims import _speakers
    from newsprism.language.models import spacy_pipeline

    nlp = spacy_pipeline()
    assert _speakers(nlp("Engineer Marta Lindqvist said the repairs would take six weeks.")[:]) == {"lindq"}
    assert _speakers(nlp("The repairs will take six weeks, said Marta Lindqvist.")[:]) == {"lindq"}
    assert _speakers(nlp("The engineer said Marta Lindqvist would lead the repairs.")[:]) == set()


@pytest.mark.slow
def test_claims_compare_a_sentence_by_its_main_clause() -> None:
    """A sentence that reports a new fact and recalls an older one in a time clause is the
    new fact: it does not align with the other outlets' reports of the older one."""
    from newsprism.language.parse import parse_articles

    vote = (
        "The Brennick town council voted on Thursday evening to reopen the old ferry terminal, "
        "three days after a regional judge ruled that its sale to a developer had been unlawful."
    )
    ruling = [
        "A regional judge ruled on Monday that the sale of the old ferry terminal in Brennick to a "
        "developer had been unlawful.",
        "The sale of Brennick's old ferry terminal to a developer was unlawful, a regional judge "
        "ruled on Monday.",
    ]
    articles = [Article(id="v", text=vote)] + [Article(id=f"r{k}", text=t) for k, t in enumerate(ruling)]
    claims = align_claims(articles, parse_articles(articles), [("v",), ("r0",), ("r1",)])
    assert {c.articles for c in claims} == {("v",), ("r0", "r1")}


def _unit(text: str, persons: set[str], numbers: set[str] = frozenset()) -> _Unit:
    return _Unit(0, 0, len(text), text, frozenset(), frozenset(numbers), frozenset(persons), frozenset(), text)


def test_people_disagree_only_when_neither_unit_names_the_others_people() -> None:
    lindqvist = _unit("Engineer Marta Lindqvist said repairs would take six weeks.", {"lindq"})
    pietila = _unit("Engineer Jonas Pietila said repairs would take six weeks.", {"pieti"})
    assert _conflict(lindqvist, pietila)
    # the parser tagged only the spokesman in one sentence; the governor is named in both
    spokesman = _unit("Her spokesman, Ann Moreau, says Governor Vale apologised.", {"morea"})
    governor = _unit("Governor Vale apologised to the pastor, a statement said.", {"vale"})
    assert not _conflict(spokesman, governor)
    assert not _conflict(governor, _unit("The governor apologised.", set()))
    assert _conflict(_unit("1,200 residents left.", set(), {"1200"}), _unit("3,000 people left.", set(), {"3000"}))


def test_named_speakers_that_differ_keep_units_apart() -> None:
    def said(text: str, persons: set[str], speakers: set[str]) -> _Unit:
        return _Unit(0, 0, len(text), text, frozenset(), frozenset(), frozenset(persons), frozenset(speakers), text)

    vale = said("Vale said he was ready to meet Moreau in the capital.", {"vale", "morea"}, {"vale"})
    ostrova = said("Ostrova said Moreau was ready to meet Vale at any time.", {"ostro", "morea", "vale"}, {"ostro"})
    president = said("The president said he was ready to meet Moreau.", {"morea"}, set())
    assert _conflict(vale, ostrova)  # the same people named, but not the same one speaking
    assert not _conflict(vale, president)  # no named speaker to compare
    assert not _conflict(vale, said("Vale said he would meet Moreau soon.", {"vale", "morea"}, {"vale"}))
