"""Claim alignment across articles: paraphrases align, different numbers or people do not."""

from __future__ import annotations

import numpy as np
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


# Invented: a crane accident in the fictional port of Kestrel Bay.
_CLOSURE = "The Kestrel Bay harbour authority closed the north quay on Monday after a loading crane toppled into the water."
_CLOSURE_OTHER_DETAILS = "Citing the risk of further collapses, port officials closed the north quay to cargo ships and fishing boats."


@pytest.mark.slow
def test_claims_that_report_one_event_align_despite_other_details() -> None:
    """The same fact told with other details scores like another fact about the event;
    two units with the same verb, tense, polarity and an argument in the same role align."""
    from newsprism.compare.claims import LINK_SCORE, _pair_score, _units
    from newsprism.language.models import embed
    from newsprism.language.parse import parse_articles

    articles = [Article(id="a", text=_CLOSURE), Article(id="b", text=_CLOSURE_OTHER_DETAILS)]
    docs = parse_articles(articles)
    a, b = (_units(k, x, docs[x.id])[0] for k, x in enumerate(articles))
    vectors = embed([a.focus, b.focus])
    assert _pair_score(a, b, float(vectors[0] @ vectors[1])) < LINK_SCORE  # words alone would not align them
    claims = align_claims(articles, docs, [("a",), ("b",)])
    assert [c.articles for c in claims] == [("a", "b")]


@pytest.mark.slow
def test_one_event_needs_the_same_tense_polarity_roles_and_no_second_fact() -> None:
    from newsprism.compare.claims import _shared_event, _units
    from newsprism.language.parse import parse_articles

    texts = {
        "closed": _CLOSURE,
        "passive": "The north quay, the busiest berth in the bay, was closed by port officials.",
        "will close": "The harbour authority will close the north quay on Monday.",
        "did not close": "The harbour authority did not close the north quay on Monday.",
        "arrested": "Police arrested the mayor of Kestrel Bay on Tuesday.",
        "roles swapped": "The mayor of Kestrel Bay arrested two police officers on Tuesday.",
        "second fact": "The harbour authority closed the north quay on Monday, and two dock workers were treated in hospital.",
        "time clause": "Cargo ships queued offshore for two days after the harbour authority closed the north quay.",
        "condition": "Importers will face delays if the harbour authority closes the north quay.",
        "licence": "The warehouse held its licence since 2019 and passed every fire inspection.",
        "inspection": "The warehouse passed a fire inspection last month.",
    }
    articles = [Article(id=key, text=text) for key, text in texts.items()]
    docs = parse_articles(articles)
    unit = {x.id: _units(k, x, docs[x.id])[0] for k, x in enumerate(articles)}

    def shared(x: str, y: str) -> bool:
        assert _shared_event(unit[x], unit[y]) == _shared_event(unit[y], unit[x])
        return _shared_event(unit[x], unit[y])

    assert shared("closed", "passive")  # a passive's subject is its object
    assert not shared("closed", "will close")
    assert not shared("closed", "did not close")
    assert not shared("arrested", "roles swapped")  # the mayor arrested, not arresting
    assert not shared("closed", "second fact")  # the other unit adds a fact joined by "and"
    assert not shared("closed", "time clause")  # recalled in a time clause, not reported
    assert not shared("closed", "condition")  # supposed, not reported
    assert not shared("licence", "inspection")
    assert shared("second fact", "second fact")


def test_a_shared_event_joins_single_units_but_not_a_claim_it_is_far_from() -> None:
    """A shared-event link skips the mean-cosine check only between two single units: a
    claim of several mentions still takes in only what is near all of them."""
    from newsprism.compare.claims import EVENT_LINK_SCORE, LINK_SCORE, _cluster, _Event, _pair_score

    event = {("close", "", False): _Event(frozenset({("o", "quay")}), frozenset())}
    words = frozenset(f"w{k}" for k in range(10))

    def unit(article: int, lemmas: frozenset[str]) -> _Unit:
        return _Unit(article, 0, 1, "x", lemmas, frozenset(), frozenset(), frozenset(), "x", frozenset({"close"}), event)

    def vectors(*rows: list[float]) -> np.ndarray:
        v = np.array(rows, dtype=np.float64)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)

    far = [0.3, float(np.sqrt(1 - 0.3**2)), 0.0]  # cosine 0.3 to the first row
    units = [unit(0, words), unit(1, words - {"w9"}), unit(2, words - {"w0"})]
    score = _pair_score(units[0], units[2], 0.3)
    assert EVENT_LINK_SCORE <= score < LINK_SCORE
    assert sorted(map(sorted, _cluster(units[::2], vectors([1, 0, 0], far)))) == [[0, 1]]
    near = [0.95, float(np.sqrt(1 - 0.95**2)), 0.0]
    clusters = _cluster(units, vectors([1, 0, 0], near, far))
    assert sorted(map(sorted, clusters)) == [[0, 1], [2]]


# Invented: a river flood in the fictional town of Millbrook.
_MOVED_BOUND = (
    "More than 300 people were moved out of their homes in Millbrook after the river burst its banks "
    "early on Sunday, officials said."
)
_MOVED_TOTAL = "A total of 312 people living near the river were moved out of their homes overnight."


@pytest.mark.slow
def test_counts_that_agree_do_not_keep_one_fact_apart() -> None:
    """"More than 300" and "a total of 312" people moved out state one count; "a total of
    190" contradicts it, and "more than 300 injured" counts something else."""
    from newsprism.language.parse import parse_articles

    def aligned(a: str, b: str) -> bool:
        articles = [Article(id="a", text=a), Article(id="b", text=b)]
        claims = align_claims(articles, parse_articles(articles), [("a",), ("b",)])
        return [c.articles for c in claims] == [("a", "b")]

    assert aligned(_MOVED_BOUND, _MOVED_TOTAL)
    assert not aligned(_MOVED_BOUND, _MOVED_TOTAL.replace("312", "190"))
    assert not aligned(_MOVED_BOUND.replace("moved out of their homes", "injured"), _MOVED_TOTAL)


# Invented: a night of cancelled flights.
_HOTELS = "The stranded passengers spent the night in hotels across town."
_ROOMS = "Airline staff found hotel rooms for the stranded passengers."
_POOL_KEPT = "The town council voted on Friday to keep the swimming pool open."
_POOL_SOLD = "The swimming pool will be sold to a developer, the town council said on Friday."


@pytest.mark.slow
def test_a_close_sentence_that_does_not_align_is_a_related_claim() -> None:
    """Two sentences close enough to state one fact with other details, but not to align,
    are related claims; two facts about one pool are not."""
    from newsprism.language.parse import parse_articles

    articles = [
        Article(id="a", text=f"{_HOTELS}\n\n{_POOL_KEPT}"),
        Article(id="b", text=f"{_ROOMS}\n\n{_POOL_SOLD}"),
    ]
    claims = align_claims(articles, parse_articles(articles), [("a",), ("b",)])
    assert all(len(c.articles) == 1 for c in claims)
    hotels, rooms = _claim_with(claims, "a", "hotels"), _claim_with(claims, "b", "hotel rooms")
    assert (hotels.related, rooms.related) == ((rooms.id,), (hotels.id,))
    assert _claim_with(claims, "a", "pool").related == ()
    assert _claim_with(claims, "b", "pool").related == ()


@pytest.mark.slow
def test_close_sentences_dated_to_different_days_are_not_related() -> None:
    """A night in hotels on Monday and rooms found on Wednesday are two facts, however close
    their words; a sentence that names no day may state either."""
    from newsprism.language.parse import parse_articles

    monday = "The stranded passengers spent Monday night in hotels across town."

    def related(other: str) -> bool:
        articles = [Article(id="a", text=monday, published="2026-05-06"),
                    Article(id="b", text=other, published="2026-05-06")]
        claims = align_claims(articles, parse_articles(articles), [("a",), ("b",)])
        assert all(len(c.articles) == 1 for c in claims)
        return any(c.related for c in claims)

    assert related(_ROOMS)
    assert not related(_ROOMS.replace("passengers.", "passengers on Wednesday."))


@pytest.mark.slow
def test_a_name_spelt_with_and_without_accents_is_one_speaker() -> None:
    """"Kovač" and "Kovach" are one minister: the speakers agree and the units align."""
    from newsprism.language.parse import parse_articles

    texts = [
        "Harbour Minister Mirela Kovač said the quay would stay closed until every container on it was checked.",
        "Harbour Minister Mirela Kovach said the quay would stay closed until every container on it had been checked.",
    ]
    articles = [Article(id=f"k{k}", text=t) for k, t in enumerate(texts)]
    claims = align_claims(articles, parse_articles(articles), [("k0",), ("k1",)])
    assert [c.articles for c in claims] == [("k0", "k1")]
    # a name the parser did not tag is still found in the other text, accents or not
    met = _unit("Minister Kovach met the mayor at the quay gates.", {"kovac"})
    assert not _conflict(met, _unit("Mayor Ilic met Minister Kovač at the quay gates.", {"ilic"}))


# Invented: a footbridge lost to a flood in the fictional town of Brackwater.
_VOTE_AFTER_FLOOD = (
    "The Brackwater town council voted on Thursday night to build a new crossing, two days after a flood "
    "swept away the old wooden footbridge over the River Ness."
)
_FLOOD = "A flood swept away the old wooden footbridge over the River Ness on Tuesday."


@pytest.mark.slow
def test_a_fact_stated_in_passing_is_recalled_one_way() -> None:
    """The vote's time clause states the flood: the flood is recalled by the vote, so the
    flood is not the other outlet's alone nor omitted by the vote's outlet, while the vote
    still is one outlet's alone. A clause that states only part of a much longer sentence,
    or that states another event about the same bridge, recalls nothing."""
    from newsprism.compare.coverage import build_coverage
    from newsprism.language.parse import parse_articles

    def story(other: str) -> tuple[list[Article], list]:
        articles = [Article(id="a", text=_VOTE_AFTER_FLOOD, outlet="Ness Valley News", published="2026-04-10"),
                    Article(id="b", text=other, outlet="Brackwater Echo", published="2026-04-08")]
        return articles, align_claims(articles, parse_articles(articles), [("a",), ("b",)])

    articles, claims = story(_FLOOD)
    vote, flood = _claim_with(claims, "a", "voted"), _claim_with(claims, "b", "flood")
    assert (vote.articles, flood.articles) == (("a",), ("b",))
    assert (flood.recalled_by, vote.recalled_by) == ((vote.id,), ())
    assert vote.related == flood.related == ()
    coverage = build_coverage(claims, articles, source_groups=[("a",), ("b",)], docs={})
    assert coverage.exclusive == {"Ness Valley News": (vote.id,), "Brackwater Echo": ()}

    longer = _FLOOD.replace(
        " on Tuesday.", " on Tuesday, and the council has closed the riverside path until engineers can inspect both of its banks."
    )
    _, claims = story(longer)
    assert all(c.recalled_by == () and c.related == () for c in claims)
    damaged = _VOTE_AFTER_FLOOD.replace("swept away", "damaged")  # as close in words, another event
    articles = [Article(id="a", text=damaged, published="2026-04-10"), Article(id="b", text=_FLOOD, published="2026-04-08")]
    claims = align_claims(articles, parse_articles(articles), [("a",), ("b",)])
    assert all(c.recalled_by == () and c.related == () for c in claims)


@pytest.mark.slow
def test_a_sentence_whose_main_clause_states_a_shorter_one_recalls_it() -> None:
    """Set aside its description of the trust, the long sentence states the short one's
    fact: the short one is recalled by it (and its pieces read without their commas)."""
    from newsprism.compare.claims import _units
    from newsprism.language.parse import parse_articles

    long_ = (
        "The Ness Bridge Trust, a charity that retired engineer Tomas Reyne set up in 2019, raised the money "
        "for the survey with quiz nights and cake sales and gathered more than 2,000 signatures."
    )
    short = "The trust collected more than 2,000 signatures and raised money for the survey through quiz nights and a cake sale."
    articles = [Article(id="long", text=long_), Article(id="short", text=short)]
    docs = parse_articles(articles)
    trunk = "The Ness Bridge Trust raised the money for the survey with quiz nights and cake sales and gathered more than 2,000 signatures"
    assert trunk in [p.text for p in _units(0, articles[0], docs["long"])[0].pieces]
    claims = align_claims(articles, docs, [("long",), ("short",)])
    stated, states = _claim_with(claims, "short", "collected"), _claim_with(claims, "long", "raised")
    assert (stated.recalled_by, states.recalled_by) == ((states.id,), ())


@pytest.mark.slow
def test_a_speech_act_shared_in_passing_recalls_the_fact() -> None:
    """Signing a bill is the news, not the channel: a relative clause that states the
    signing recalls the other outlet's sentence about it, though "sign" is a speech verb. A
    trunk's verbs are its own, not those of the clauses set aside from it."""
    from newsprism.compare.claims import _units
    from newsprism.language.parse import parse_articles

    # Invented: sea walls for the fictional Ferrow Bay.
    passing = (
        "Builders can start on the new sea walls at Ferrow Bay in June, when the spring tides have passed, "
        "under the coastal repair bill, which Governor Ana Ruiz signed on Friday after a month of debate in "
        "the state assembly."
    )
    signed = "Governor Ana Ruiz signed the coastal repair bill on Friday."
    articles = [Article(id="a", text=passing, published="2026-05-02"), Article(id="b", text=signed, published="2026-05-02")]
    claims = align_claims(articles, parse_articles(articles), [("a",), ("b",)])
    walls, signing = _claim_with(claims, "a", "sea walls"), _claim_with(claims, "b", "signed")
    assert (signing.recalled_by, walls.recalled_by) == ((walls.id,), ())
    assert walls.related == signing.related == ()

    board = Article(
        id="c", text="The harbour board, which dredged the channel last spring, approved a new ferry timetable for the summer months."
    )
    (unit,) = _units(0, board, parse_articles([board])["c"])
    trunk = [p for p in unit.pieces if p.text.startswith("The harbour board approved")]
    assert [p.verbs for p in trunk] == [frozenset({"approve"})]
