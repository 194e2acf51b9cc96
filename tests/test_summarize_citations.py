"""The summary: every sentence cited by exactly the articles that state it, neutral wording."""

from __future__ import annotations

import pytest

from newsprism.evaluate.syndication import load_demo_stories, load_seed_articles
from newsprism.records import Article, Claim, Mention, SummarySentence
from newsprism.summarize import DEFAULT_SUMMARY_WORDS, loaded_words, summarize


def _story() -> tuple[list[Article], list[Claim]]:
    """Three invented articles about a fictional bridge closure, with hand-aligned claims."""
    texts = {
        "p": [
            "The Kessel Bridge was closed to traffic on Friday after a barge struck one of its piers.",
            "Officials said divers would inspect the damaged pier over the weekend.",
            "The shocking crash left commuters stranded in a massive traffic jam.",
        ],
        "q": [
            "A barge hit a pier of the Kessel Bridge on Friday, and the bridge was closed to traffic.",
            "Divers will examine the pier this weekend, officials said.",
            "The barge's captain was taken to hospital with minor injuries.",
        ],
        "r": [
            "The Kessel Bridge is shut after a barge slammed into it in a disastrous crash on Friday.",
            "Commuters were stranded in a long traffic queue after the crash.",
            "The city has not said when the bridge will reopen.",
        ],
    }
    articles = [Article(id=k, text=" ".join(v), outlet=k.upper()) for k, v in texts.items()]
    by_id = {a.id: a for a in articles}

    def mention(aid: str, k: int) -> Mention:
        sentence = texts[aid][k]
        start = by_id[aid].text.index(sentence)
        return Mention(aid, sentence, start, start + len(sentence))

    groups = [
        [("p", 0), ("q", 0), ("r", 0)],
        [("p", 1), ("q", 1)],
        [("p", 2), ("r", 1)],
        [("q", 2)],
        [("r", 2)],
    ]
    claims = []
    for k, members in enumerate(groups):
        mentions = tuple(mention(a, s) for a, s in members)
        ids = tuple(m.article for m in mentions)
        claims.append(Claim(f"c{k + 1}", mentions[0].text, ids, len(ids), mentions))
    return articles, claims


def assert_cited_faithfully(
    summary: list[SummarySentence], articles: list[Article], claims: list[Claim]
) -> None:
    """Each sentence is stated by an article it cites, and cites every article of its claim."""
    by_claim = {c.id: c for c in claims}
    for sentence in summary:
        claim = by_claim[sentence.claim]
        assert set(sentence.articles) == set(claim.articles)
        stating = {m.article for m in claim.mentions}
        assert set(sentence.articles) <= stating  # never an article that does not state it
        assert any(m.text == sentence.text for m in claim.mentions)
        by_id = {a.id: a for a in articles}
        assert any(sentence.text in by_id[a].text for a in sentence.articles)


def test_summarize_cites_every_supporting_article_and_nothing_else() -> None:
    articles, claims = _story()
    summary = summarize(articles, claims, [("p",), ("q",), ("r",)], words=200)
    assert summary
    assert_cited_faithfully(summary, articles, claims)
    assert summary[0].claim == "c1"  # reported by all three outlets: first


def test_summarize_prefers_the_neutral_wording_of_a_claim() -> None:
    articles, claims = _story()
    summary = summarize(articles, claims, [("p",), ("q",), ("r",)], words=200)
    texts = {s.claim: s.text for s in summary}
    assert not loaded_words(texts["c1"])  # not "slammed ... disastrous"
    assert texts["c3"].startswith("Commuters were stranded")  # not "shocking ... massive"


def test_summarize_respects_the_word_cap_approximately() -> None:
    articles, claims = _story()
    short = summarize(articles, claims, [("p",), ("q",), ("r",)], words=25)
    long = summarize(articles, claims, [("p",), ("q",), ("r",)], words=200)
    assert 1 <= len(short) < len(long)
    assert sum(len(s.text.split()) for s in short) <= 25 * 1.15 or len(short) == 1
    assert DEFAULT_SUMMARY_WORDS > 25


def test_summarize_orders_by_support_then_article_order() -> None:
    articles, claims = _story()
    summary = summarize(articles, claims, [("p",), ("q",), ("r",)], words=200)
    support = [len(s.articles) for s in summary]
    assert support == sorted(support, reverse=True)


def test_summarize_skips_a_near_repeat() -> None:
    articles, claims = _story()
    repeat = Claim("c9", claims[0].mentions[1].text, ("q",), 1, (claims[0].mentions[1],))
    summary = summarize(articles, [*claims, repeat], [("p",), ("q",), ("r",)], words=200)
    assert "c9" not in {s.claim for s in summary}


def test_summarize_states_a_count_once_whatever_its_wording() -> None:
    """Two outlets' wordings of one count that the alignment left as two claims ("forcing the
    evacuation of 340 residents" / "more than 300 people were moved out") are one fact: the
    summary states it once. A count that disagrees is another fact and may follow."""
    from newsprism.compare.discrepancies import same_count

    texts = {
        "a": "A chemical leak at the Orsk tannery forced the evacuation of 340 residents on Sunday. "
        "Crews sealed the tank by the evening.",
        "b": "More than 300 people were moved out of their homes in Orsk after a tank leaked at a tannery. "
        "The river below the tannery was closed to anglers.",
        "c": "About 90 residents were evacuated from a second street on Monday as the fumes spread.",
    }
    articles = [Article(id=k, text=v, outlet=k.upper()) for k, v in texts.items()]
    claims = []
    for article in articles:
        for sentence in article.text.split(". "):
            sentence = sentence if sentence.endswith(".") else sentence + "."
            start = article.text.index(sentence)
            m = Mention(article.id, sentence, start, start + len(sentence))
            claims.append(Claim(f"c{len(claims) + 1}", sentence, (article.id,), 1, (m,)))
    lead, moved, other = claims[0].text, claims[2].text, claims[4].text
    assert same_count(lead, moved) and not same_count(lead, other)
    assert not same_count(lead, claims[1].text)  # no count
    assert not same_count("At least 12 people were injured.", "About 180 people were injured.")  # agree, but far apart
    summary = summarize(articles, claims, [("a",), ("b",), ("c",)], words=200)
    shown = [s.text for s in summary]
    assert sum(t in (lead, moved) for t in shown) == 1
    assert other in shown  # 90 is not 340: another count, kept


def test_summarize_of_nothing_is_empty() -> None:
    assert summarize([], [], []) == []


def _pipeline_summary(articles: list[Article]) -> tuple[list[SummarySentence], list[Claim]]:
    from newsprism.compare.claims import align_claims
    from newsprism.compare.syndication import find_syndication
    from newsprism.language.parse import parse_articles

    _, groups = find_syndication(articles)
    claims = align_claims(articles, parse_articles(articles), groups)
    return summarize(articles, claims, groups), claims


@pytest.mark.slow
@pytest.mark.corpus
def test_summarize_seed_summary_is_cited_faithfully(seeds_dir) -> None:
    articles = load_seed_articles(seeds_dir)
    summary, claims = _pipeline_summary(articles)
    assert summary
    assert_cited_faithfully(summary, articles, claims)
    assert len(summary[0].articles) == len(articles)  # the lead fact is in all five


@pytest.mark.slow
def test_summarize_demo_summaries_are_cited_faithfully(demo_corpus) -> None:
    stories = load_demo_stories(demo_corpus) if demo_corpus.exists() else {}
    if not stories:
        pytest.skip("demo corpus not written yet")
    for articles in stories.values():
        summary, claims = _pipeline_summary(articles)
        assert_cited_faithfully(summary, articles, claims)


def test_summarize_equal_support_reads_lead_first() -> None:
    """Two claims with the same support: the one the articles open with comes first, even
    when the first article in story order states the other one earlier."""
    texts = {
        "u": ["The detail about the ferry's engine came up first here.", "A ferry ran aground off Kestrel Point on Monday."],
        "v": ["A ferry ran aground off Kestrel Point on Monday, officials said.", "Its engine had failed an hour earlier."],
        "w": ["A ferry ran aground off Kestrel Point on Monday.", "The engine had failed about an hour before."],
    }
    articles = [Article(id=k, text=" ".join(v), outlet=k.upper()) for k, v in texts.items()]
    by_id = {a.id: a for a in articles}

    def mention(aid: str, k: int) -> Mention:
        start = by_id[aid].text.index(texts[aid][k])
        return Mention(aid, texts[aid][k], start, start + len(texts[aid][k]))

    engine = (mention("u", 0), mention("v", 1), mention("w", 1))
    lead = (mention("u", 1), mention("v", 0), mention("w", 0))
    claims = [Claim("engine", engine[1].text, ("u", "v", "w"), 3, engine), Claim("lead", lead[1].text, ("u", "v", "w"), 3, lead)]
    summary = summarize(articles, claims, [["u"], ["v"], ["w"]], words=200)
    assert [s.claim for s in summary] == ["lead", "engine"]


def test_summary_of_thousands_of_claims_never_holds_their_square() -> None:
    """A story of 5,000 claims (300 repeating one sentence) is summarised without the
    5,000 x 5,000 similarity matrix (200 MB), and a repeated claim is chosen once."""
    import random
    import tracemalloc

    rng = random.Random(3)
    places = ["Kessel", "Varna", "Ostrel", "Tamsin", "Brill", "Quell", "Moravo", "Lisk"]
    things = ["bridge", "ferry", "depot", "tunnel", "harbour", "market", "school", "clinic"]
    verbs = ["reopened", "closed", "flooded", "was inspected", "was repaired", "was sold"]
    lines = [f"The {rng.choice(places)} {rng.choice(things)} {rng.choice(verbs)} on day {k}, "
             f"officials in {rng.choice(places)} said." for k in range(4700)]
    lines += ["The Kessel Bridge was closed to traffic after a barge struck one of its piers."] * 300
    text = " ".join(lines)
    article = Article(id="a", text=text, outlet="A")
    claims, start = [], 0
    for k, line in enumerate(lines):
        start = text.index(line, start)
        claims.append(Claim(f"c{k}", line, ("a",), 1, (Mention("a", line, start, start + len(line)),)))
        start += len(line)
    tracemalloc.start()
    try:
        summary = summarize([article], claims, [["a"]], words=400)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts)) and len(" ".join(texts).split()) >= 300
