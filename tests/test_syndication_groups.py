"""Wire copy detection: shared prose groups articles, shared quotations do not."""

from __future__ import annotations

import pytest

from newsprism.compare.syndication import find_syndication
from newsprism.evaluate.syndication import load_seed_articles
from newsprism.records import Article, Evidence

# An invented wire story about a fictional ferry strike, and lightly edited reprints of it.
WIRE = (
    "TARNBY (AP) — Ferry crews in the port of Tarnby walked off the job on Monday, stranding "
    "about 4,000 passengers on both sides of the Vessel Strait.\n\n"
    "The strike was called by the Harbour Workers Union after talks over night-shift pay broke "
    "down late on Sunday evening.\n\n"
    "Port manager Ilse Vandrup said the company had offered a raise of three percent and was "
    "ready to return to the table at any time.\n\n"
    "“We will not sail until the night crews are paid fairly,” union leader Oskar Brell told "
    "reporters outside the terminal.\n\n"
    "Regional transport officials said extra buses would run along the coast road until the "
    "ferries resume their normal timetable."
)
REPRINT = (
    "Ferry crews in the port of Tarnby walked off the job on Monday, stranding about 4,000 "
    "passengers on both sides of the Vessel Strait.\n\n"
    "The strike was called by the Harbour Workers Union after talks over night shift pay broke "
    "down late Sunday evening.\n\n"
    "Port manager Ilse Vandrup said the company had offered a raise of three percent and was "
    "ready to return to the table at any time.\n\n"
    "Local shop owners near the terminal said the walkout had already cost them a busy weekend "
    "of trade.\n\n"
    "The Associated Press contributed to this report."
)
QUOTE = "“We will not sail until the night crews are paid fairly,” union leader Oskar Brell told reporters."
QUOTE_2 = "“The night shift keeps this port alive and everyone here knows it,” Brell added."
QUOTE_3 = "“Our members voted for this strike by a very large majority,” he said on Monday."
INDEPENDENT_A = (
    "Passengers waited for hours at the Tarnby terminal as a walkout by ferry workers halted all "
    "crossings.\n\n" + QUOTE + "\n\n" + QUOTE_2 + "\n\n" + QUOTE_3 + "\n\n"
    "The operator, Strait Lines, has not said when the next sailing might leave the harbour."
)
INDEPENDENT_B = (
    "A dispute over overnight wages brought ferry traffic across the Vessel Strait to a halt as "
    "union members stayed ashore.\n\n" + QUOTE + "\n\n" + QUOTE_2 + "\n\n" + QUOTE_3 + "\n\n"
    "Bus companies along the coast were asked to add services for stranded travellers this week."
)


def _articles(*texts: str) -> list[Article]:
    return [Article(id=f"a{k}", text=t, outlet=f"Outlet {k}") for k, t in enumerate(texts)]


def test_syndication_groups_wire_copy_and_its_reprint() -> None:
    articles = _articles(WIRE, REPRINT, INDEPENDENT_A)
    pairs, groups = find_syndication(articles)
    assert ("a0", "a1") in groups
    assert ("a2",) in groups
    pair = next(p for p in pairs if set(p.articles) == {"a0", "a1"})
    assert 0.3 < pair.score <= 1.0
    assert any("AP" in e for e in pair.evidence)  # "(AP)" dateline and "Associated Press contributed"


def test_syndication_ignores_articles_that_only_quote_the_same_speaker() -> None:
    pairs, groups = find_syndication(_articles(INDEPENDENT_A, INDEPENDENT_B))
    assert groups == [("a0",), ("a1",)]
    assert all(p.score < 0.12 for p in pairs)


def test_syndication_passages_point_into_both_texts() -> None:
    articles = _articles(WIRE, REPRINT)
    pairs, _ = find_syndication(articles)
    by_id = {a.id: a for a in articles}
    assert pairs and pairs[0].passages
    for passage in pairs[0].passages:
        for mention in (passage.a, passage.b):
            assert by_id[mention.article].text[mention.start : mention.end] == mention.text
        assert 0.8 <= passage.similarity <= 1.0
    # the first three sentences are adjacent in both articles: one passage, not three
    assert pairs[0].passages[0].a.text.count("\n\n") >= 1


def test_syndication_groups_partition_every_article_in_input_order() -> None:
    articles = _articles(INDEPENDENT_A, WIRE, INDEPENDENT_B, REPRINT, "Too short.", "")
    _, groups = find_syndication(articles)
    flat = [aid for group in groups for aid in group]
    assert sorted(flat) == sorted(a.id for a in articles)
    assert len(flat) == len(set(flat))
    assert ("a1", "a3") in groups
    assert groups[0] == ("a0",)


def test_syndication_reports_a_shared_wire_credit_from_cleaner_evidence() -> None:
    wire = Article(id="x", text=WIRE, evidence=(Evidence("wire", "Reuters", "footer"),))
    short = Article(
        id="y",
        text=WIRE.split("\n\n")[0] + "\n\nCity officials met on Tuesday to discuss the harbour budget for next year.",
        evidence=(Evidence("wire", "reuters", "dateline"),),
    )
    pairs, groups = find_syndication([wire, short])
    assert groups == [("x", "y")]
    assert any("Reuters" in e for e in pairs[0].evidence)


def test_syndication_of_nothing_is_empty() -> None:
    assert find_syndication([]) == ([], [])


@pytest.mark.corpus
def test_syndication_finds_the_two_copied_seed_pairs(seeds_dir) -> None:
    articles = load_seed_articles(seeds_dir)
    assert len(articles) == 5
    _, groups = find_syndication(articles)
    # 000 (OAN) reprints CNN's (002) selection of quotations; 004 (Al Jazeera) carries the
    # wire copy also printed by 001. 003 (Newsweek) is independent.
    assert sorted(groups) == [("000", "002"), ("001", "004"), ("003",)]


ORIGINAL = (
    "The mayor of Lindholm resigned on Wednesday after an audit found that road repair funds had "
    "been spent on a private garden.\n\n"
    "Auditors said about 80,000 crowns were moved between accounts over two years without approval.\n\n"
    "The city council will choose an acting mayor at a special meeting next Monday evening.\n\n"
    "Opposition councillors called for the police to examine the accounts as soon as possible."
)
CREDITED_REWRITE = (
    "Lindholm's mayor stepped down on Wednesday when an audit showed road repair money had been "
    "spent on a private garden, the Fjord Gazette first reported.\n\n"
    "According to auditors, some 80,000 crowns moved between accounts over two years with no approval.\n\n"
    "An acting mayor will be chosen by the city council at a special meeting on Monday evening.\n\n"
    "Opposition councillors want the police to examine the accounts as soon as they can."
)
UNCREDITED_REWRITE = CREDITED_REWRITE.replace(", the Fjord Gazette first reported", "")


def test_syndication_groups_a_rewrite_that_credits_the_other_outlet() -> None:
    articles = [
        Article(id="orig", text=ORIGINAL, outlet="The Fjord Gazette"),
        Article(id="copy", text=CREDITED_REWRITE, outlet="Valley Herald"),
    ]
    pairs, groups = find_syndication(articles)
    assert groups == [("orig", "copy")]
    assert any("credits The Fjord Gazette" in e for e in pairs[0].evidence)


def test_syndication_keeps_an_uncredited_paraphrase_apart() -> None:
    articles = [
        Article(id="orig", text=ORIGINAL, outlet="The Fjord Gazette"),
        Article(id="other", text=UNCREDITED_REWRITE, outlet="Valley Herald"),
    ]
    _, groups = find_syndication(articles)
    assert groups == [("orig",), ("other",)]
