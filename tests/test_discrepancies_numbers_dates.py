"""Number and date discrepancies (embeddings and spaCy): invented harbour-town reports."""

from __future__ import annotations

import pytest

from newsprism.compare.discrepancies import find_discrepancies
from newsprism.records import Article, Claim, Mention, TimelineEntry

pytestmark = pytest.mark.slow


def _article(article_id: str, text: str) -> Article:
    return Article(id=article_id, text=text, outlet=article_id.upper(), published="2026-06-02")


def _numbers(*articles: Article, claims=()):
    found = find_discrepancies(articles, claims=list(claims), quotes=[], entities=[])
    return [d for d in found if d.kind == "number"]


def test_discrepancies_number_same_event_different_counts() -> None:
    a = _article("a", "Flooding on the river forced the evacuation of 140 residents from Mill Lane, officials said.")
    b = _article("b", "Some 175 residents fled the rising river on Mill Lane overnight.")
    found = _numbers(a, b)
    assert len(found) == 1
    assert "140" in found[0].summary and "175" in found[0].summary
    assert {e.article for e in found[0].evidence} == {"a", "b"}


def test_discrepancies_number_within_a_claim() -> None:
    a = _article("a", "The ferry carried 48 passengers.")
    b = _article("b", "The ferry carried 52 passengers.")
    claim = Claim("c1", "The ferry carried passengers.", ("a", "b"), 2, (
        Mention("a", a.text, 0, len(a.text)), Mention("b", b.text, 0, len(b.text)),
    ))
    found = _numbers(a, b, claims=[claim])
    assert len(found) == 1 and "48" in found[0].summary and "52" in found[0].summary


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        ("Twenty-six boats were damaged in the storm.", "The storm damaged 26 boats in the harbour."),
        ("The repairs will cost 1.2 million crowns, the council said.",
         "The council said the repairs will cost 1,200,000 crowns."),
        ("The new seawall is 5 miles long.", "The new seawall is 8 kilometres long."),
        ("More than 200 people were moved from their homes.", "A total of 212 people were moved from their homes."),
        ("Dozens of homes were flooded.", "The flood reached 31 homes."),
        ("The library's 60,000 books have been in storage since November.",
         "The library lent roughly 40,000 books a year before it closed."),
        ("The ferry carried 48 passengers in 2019.", "The ferry carried 48 passengers in 2021."),
    ],
)
def test_discrepancies_number_compatible_or_unrelated(text_a: str, text_b: str) -> None:
    assert not _numbers(_article("a", text_a), _article("b", text_b))


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        # clock times and time zones are not counts
        ("The ferry left Quayside at 4:20 p.m. on Friday.", "The ferry left Quayside at 5:35 p.m. on Friday."),
        ("The tremor struck at 0241 GMT near the harbour.", "The tremor struck at 0318 GMT near the harbour."),
        # a fraction is not two counts
        ("Ansel Brook served 4-1/2 months in the county jail.", "Ansel Brook served 5-1/3 months in the county jail."),
        # two people's ages, in sentences that are not one statement
        ("The 23-year-old suspect from Quayside was charged with arson on Monday.",
         "His 20-year-old sister, who lives in Quayside, told reporters she was shocked by the arson charge."),
        # a number that is part of a name is not a count
        ("Flight 370 left Saltmere with 212 people aboard.", "Flight 371 left Saltmere with 212 people aboard."),
        # the dead and the injured are two counts, however alike the sentences
        ("The storm killed 4 people in Saltmere on Monday, officials said.",
         "The storm injured 30 people in Saltmere on Monday, officials said."),
        ("Ten people are known to have died and about 50 were hurt in the blast at Pellow.",
         "At least 80 people were wounded in the blast at Pellow, the fire service said."),
        # one word in common near the counts is not the same count: two ships' crews
        ("Firefighters rescued 12 sailors from the Marlin, the coastguard said.",
         "The Osprey, which sank off Saltmere in 2019, had 30 sailors aboard, the coastguard recalled."),
        # a player's statistics of one game and of the season, in sentences that are not one statement
        ("Saltmere receiver Ivo Renn caught five passes for 64 yards in Sunday's win at Pellow.",
         "Renn has caught 41 passes for 530 yards this season, more than any Saltmere player since 2011."),
        # a part of a whole counts the whole's unit too: "12 of the 15 miners" gives 12 miners
        ("Rescuers freed 12 of the 15 miners trapped by the collapse at the Kestrel pit on Friday.",
         "Rescuers freed 12 miners trapped by the collapse at the Kestrel pit on Friday."),
        # counts of two places or groups named right after them
        ("The outage cut 52 percent of calls in Pellow on Friday, the operator said.",
         "The outage cut 65 percent of calls in Dunmore on Friday, the operator said."),
        # "4×4" names a kind of car, it counts nothing
        ("Police said the thieves drove two cars through the front window of the jeweller on Mill Lane.",
         "Police said the thieves drove a 4×4 car through the front window of the jeweller on Mill Lane."),
        # the first few are not all of them
        ("The council paid out the first 14 flood grants to Mill Lane households on Monday, officials said.",
         "The council paid out 30 flood grants to Mill Lane households on Monday, officials said."),
    ],
)
def test_discrepancies_number_not_the_same_count(text_a: str, text_b: str) -> None:
    assert not _numbers(_article("a", text_a), _article("b", text_b))


@pytest.mark.parametrize(
    ("text_a", "text_b", "values"),
    [
        # one statement, two ages for one person
        ("Police said the 23-year-old suspect was charged with arson on Monday.",
         "Police said the 24-year-old suspect was charged with arson on Monday.", ("23", "24")),
        # statistics of play are still compared within one statement
        ("Saltmere striker Ivo Renn ran for 112 yards in Sunday's 24-17 win over the Pellow Hawks.",
         "Saltmere striker Ivo Renn ran for 121 yards in Sunday's 24-17 win over the Pellow Hawks.", ("112", "121")),
        # one place, two shares
        ("The outage cut 65 percent of calls in Dunmore on Friday, the operator said.",
         "The outage cut 82 percent of calls in Dunmore on Friday, the operator said.", ("65", "82")),
        # two content words in common around the counts
        ("Marta Quill had spent the past three weeks in Saltmere General with pneumonia.",
         "Quill spent four weeks in Saltmere General being treated for pneumonia before she died.", ("three", "four")),
    ],
)
def test_discrepancies_number_same_count_still_found(text_a: str, text_b: str, values: tuple[str, str]) -> None:
    found = _numbers(_article("a", text_a), _article("b", text_b))
    assert len(found) == 1 and all(v in found[0].summary for v in values)
    what = ("ages" if "year-old" in text_a else "counts of yards" if "yards" in text_a
            else "counts of percent" if "percent" in text_a else "counts of weeks")
    assert found[0].summary.startswith(f"Outlets give different {what}:")


def test_discrepancies_number_names_the_counted_word_as_written() -> None:
    a = _article("a", "The coastguard seized six AK 47 rifles from the dhow off Pellow.")
    b = _article("b", "The coastguard seized nine AK 47 rifles from the dhow off Pellow.")
    (found,) = _numbers(a, b)
    assert found.summary.startswith("Outlets give different counts of rifles:")
    assert "six" in found.summary and "nine" in found.summary and "47" not in found.summary


def test_discrepancies_number_changed_count_in_one_outlet_is_no_conflict() -> None:
    a = _article("a", "At first 140 residents were evacuated from Mill Lane. By evening 175 residents had been evacuated.")
    b = _article("b", "In all, 175 residents were evacuated from Mill Lane.")
    assert not _numbers(a, b)


def _entry(date: str, article: Article, clause: str) -> TimelineEntry:
    start = article.text.index(clause)
    return TimelineEntry(date, clause, (article.id,), "day", (Mention(article.id, clause, start, start + len(clause)),))


def _dates(articles, timeline):
    found = find_discrepancies(articles, claims=[], quotes=[], entities=[], timeline=timeline)
    return [d for d in found if d.kind == "date"]


def test_discrepancies_date_same_event_two_dates() -> None:
    a = _article("a", "The fire broke out late on Sunday in a grain store.")
    b = _article("b", "A grain store caught fire on Monday, officials said.")
    timeline = [
        _entry("2026-05-31", a, "The fire broke out late on Sunday in a grain store."),
        _entry("2026-06-01", b, "A grain store caught fire on Monday"),
    ]
    found = _dates([a, b], timeline)
    assert len(found) == 1
    assert "2026-05-31" in found[0].summary and "2026-06-01" in found[0].summary


def test_discrepancies_date_not_from_a_weekday_counted_from_a_guessed_publication_date() -> None:
    from dataclasses import replace

    from newsprism.records import Evidence

    a = _article("a", "The fire broke out late on Sunday in a grain store.")
    b = _article("b", "A grain store caught fire on Monday, officials said.")
    guessed = replace(b, evidence=(Evidence("published", b.published, "inferred from the story"),))
    read = replace(b, evidence=(Evidence("published", b.published, "inferred from its text"),))
    timeline = [
        _entry("2026-05-31", a, "The fire broke out late on Sunday in a grain store."),
        _entry("2026-06-01", b, "A grain store caught fire on Monday"),
    ]
    # b's date was taken from the other articles, so its "Monday" may be another week's
    assert not _dates([a, guessed], timeline)
    # a date b's own text gives is the day its weekdays count from
    assert len(_dates([a, read], timeline)) == 1


def test_discrepancies_date_no_conflict_for_speech_repeats_or_compatible_precision() -> None:
    a = _article("a", "The mayor said on Monday that the store would be rebuilt. The fire broke out in May.")
    b = _article("b", "The mayor said on Tuesday that the store would be rebuilt.")
    c = _article("c", "The fire broke out on Sunday in a grain store.")
    timeline = [
        _entry("2026-06-01", a, "The mayor said on Monday that the store would be rebuilt."),
        _entry("2026-06-02", b, "The mayor said on Tuesday that the store would be rebuilt."),
        _entry("2026-05", a, "The fire broke out in May."),
        _entry("2026-05-31", c, "The fire broke out on Sunday in a grain store."),
    ]
    assert not _dates([a, b, c], timeline)


def test_discrepancies_date_article_reporting_both_dates_is_two_events() -> None:
    a = _article("a", "A grain store caught fire on Sunday. A grain store caught fire again on Monday.")
    b = _article("b", "A grain store caught fire on Monday.")
    timeline = [
        _entry("2026-05-31", a, "A grain store caught fire on Sunday."),
        TimelineEntry("2026-06-01", "A grain store caught fire on Monday.", ("a", "b"), "day", (
            Mention("a", "A grain store caught fire again on Monday.", 37, 79),
            Mention("b", "A grain store caught fire on Monday.", 0, 36),
        )),
    ]
    assert a.text[37:79] == "A grain store caught fire again on Monday."
    assert not _dates([a, b], timeline)
