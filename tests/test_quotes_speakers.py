"""Speaker rules added for PolNeAR-style news prose; invented text, positive and negative."""

from __future__ import annotations

import pytest

from newsprism.compare.quotes import find_quote_spans
from tests.quotes_support import article_quotes, by_start

TEXT = "\n\n".join(
    [
        "“We will rebuild the north pier before the storms,\" said Tomas Brell, the harbour master.",
        "The closure signals “the end of an era for the island ferries,” said Mira Tolvanen, a ferry captain.",
        "“Nobody here remembers a winter this quiet on the water,” said a longtime dock veteran.",
        "Stated Ilse Varga:",
        "“The tolls will fall once the new berths are open to every boat.”",
        "“The quay belongs to the fishermen first,” Varga said. Brell sees the plan as “a gift to the tourist boats and nobody else.”",
        "Hana Orlov said she welcomed the vote and added, “The island finally has a voice in the capital.”",
        "“We never saw a season like this one before the storms,” said retired skipper Lev Arno, asked about the closures.",
        "Two harbour analysts found last year that the port was “the busiest in all of the northern islands.”",
        "The storm season brought “the worst losses in forty years to the whole fleet.”",
        "Harbour budget - More from Greta Lind and Otto Vey: “The port needs two new cranes before the autumn season.”",
        "“Every island deserves a ferry that runs on time, whatever the weather.”",
        "-Rosa Ilves, a ferry passenger from the outer islands",
        "“The lights stayed on all night,” the harbour office said.",
        "Lina Hart praised the crew on the radio. “They worked through the night to keep every lamp burning.”",
        "The council meets again next week to discuss the harbour budget.",
        "“The ferries will run again by spring and the prices will come down for everyone.”",
        "Oskar Pell announced a new timetable for the island route on Monday.",
    ]
)


@pytest.fixture(scope="module")
def mentions():
    return article_quotes("harbour-1", TEXT)


def test_quotes_speakers_mixed_marks_close_a_quote() -> None:
    spans = find_quote_spans("“Open the gates,\" said Ada. \"Now,” she added.")
    assert [s for s in spans] == [(1, 15), (29, 32)]


@pytest.mark.slow
def test_quotes_speakers_mixed_marks_keep_the_speaker(mentions) -> None:
    quote = by_start(mentions, "We will rebuild")
    assert quote.text.endswith("before the storms")
    assert "Brell" in quote.speaker_mention


@pytest.mark.slow
def test_quotes_speakers_inverted_subject_that_can_speak(mentions) -> None:
    assert "Tolvanen" in by_start(mentions, "the end of an era").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_inverted_common_noun(mentions) -> None:
    assert "veteran" in by_start(mentions, "Nobody here remembers").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_colon_line_before_block_quote(mentions) -> None:
    assert "Varga" in by_start(mentions, "The tolls will fall").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_sentence_subject_beats_continuation(mentions) -> None:
    assert "Varga" in by_start(mentions, "The quay belongs").speaker_mention
    assert "Brell" in by_start(mentions, "a gift to the tourist boats").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_next_paragraph_lends_no_speaker(mentions) -> None:
    quote = by_start(mentions, "The ferries will run again")
    assert quote.speaker_mention is None
    assert quote.speaker_start is None


@pytest.mark.slow
def test_quotes_speakers_outer_verb_of_a_report(mentions) -> None:
    assert "Orlov" in by_start(mentions, "The island finally").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_phrase_after_inverted_verb(mentions) -> None:
    assert "Arno" in by_start(mentions, "We never saw a season").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_sentence_subject_speaking_noun(mentions) -> None:
    assert "analysts" in by_start(mentions, "the busiest in all").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_non_speaking_subject_stays_unknown(mentions) -> None:
    assert by_start(mentions, "the worst losses").speaker_mention is None


@pytest.mark.slow
def test_quotes_speakers_names_before_a_colon(mentions) -> None:
    assert "Greta Lind" in by_start(mentions, "The port needs two").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_signature_line(mentions) -> None:
    assert by_start(mentions, "Every island deserves").speaker_mention == "Rosa Ilves"


@pytest.mark.slow
def test_quotes_speakers_previous_sentence_after_a_closed_quote(mentions) -> None:
    assert "Hart" in by_start(mentions, "They worked through the night").speaker_mention


# Rules added on 2026-11-24, each with the text that needs it and one that must not use it.
MORE = "\n\n".join(
    [
        "VESSEL POINT (Harbour Wire) - Ada Quill said the cranes would be \u201cback in service before the autumn.\u201d",
        "Gull Radio Vice President for news Susan Miller called the plan \u201ca promise the port can keep.\u201d",
        "Harbour Board director and pilot Peter Vance said the plan is \u201ca promise the pilots can keep.\u201d",
        "\u201cThe night shift saw the crane lean before it fell,\u201d said the 46-year-old.",
        "\u201cNobody was hurt and the quay is sealed off until the inspectors arrive,\u201d one of the dock workers said.",
        "\u201cSo you are saying the berths stay closed?\u201d Brannity interjected.",
        "\u201cWe were badly wrong not to have stopped the ferry from the very start,\u201d Brell, 58, told KPN in an"
        " interview in Port Ellis on Monday.",
        "Lev Arno thanked the harbour crews in a speech on the pier.",
        "\u201cThey worked through two storms without a single day off this winter.\u201d",
        "The council will vote on the budget for the harbour next week.",
        "\u201cEvery boat in the harbour will need a new mooring permit by June.\u201d",
    ]
)


@pytest.fixture(scope="module")
def more():
    return article_quotes("harbour-2", MORE)


@pytest.mark.slow
def test_quotes_speakers_a_person_outranks_a_dateline_subject(more) -> None:
    assert by_start(more, "back in service").speaker_mention == "Ada Quill"


@pytest.mark.slow
def test_quotes_speakers_a_person_among_two_subjects(more) -> None:
    assert by_start(more, "a promise the port").speaker_mention == "Susan Miller"


@pytest.mark.slow
def test_quotes_speakers_a_person_joined_to_a_title_subject(more) -> None:
    assert "Peter Vance" in by_start(more, "a promise the pilots").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_an_age_speaks(more) -> None:
    assert "46-year-old" in by_start(more, "The night shift saw").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_one_of_a_group_speaks(more) -> None:
    assert "one" in by_start(more, "Nobody was hurt").speaker_mention


@pytest.mark.slow
def test_quotes_speakers_more_speech_verbs(more) -> None:
    quote = by_start(more, "So you are saying")
    assert quote.speaker_mention == "Brannity" and quote.cue == "interjected"


@pytest.mark.slow
def test_quotes_speakers_a_quote_paragraph_after_someone_speaking(more) -> None:
    assert by_start(more, "They worked through two storms").speaker_mention == "Lev Arno"
    # the paragraph before reports no one's words: the quote stays unattributed
    assert by_start(more, "Every boat in the harbour").speaker_mention is None


@pytest.mark.slow
def test_quotes_speakers_a_name_before_an_aside(more) -> None:
    assert by_start(more, "We were badly wrong").speaker_mention == "Brell"


@pytest.mark.slow
def test_quotes_speakers_an_office_named_by_its_title() -> None:
    """"Sen. Ann Lee" is "the senator" and "Justice Ivo Marsh" "the judge"; a governor is not
    the senator."""
    def speaker(intro: str, said: str) -> str | None:
        return _only_speaker(f"{intro}\n\n“The ferry fund will be doubled next year,” {said}.")

    assert speaker("Sen. Ann Lee visited the harbour on Monday.", "the senator said") == "Ann Lee"
    assert speaker("Justice Ivo Marsh heard the case in March.", "the judge said") == "Ivo Marsh"
    assert speaker("Gov. Tom Reed visited the harbour on Monday.", "the senator said") != "Tom Reed"


@pytest.mark.slow
def test_quotes_speakers_a_pronoun_after_a_name_set_beside_the_subject() -> None:
    """"The fire chief, Oren Blake, said …" makes Blake the subject that a later "he" refers
    to, not the person named as a subject before him."""
    assert _only_speaker(
        "Harbour master Dalia Fenn praised the crew on Tuesday.\n\n"
        "The town's fire chief, Oren Blake, said his crews had found the engine room sealed.\n\n"
        "“A fire below deck can burn for days if it gets air,” he said."
    ) == "Oren Blake"


def _only_speaker(text: str) -> str | None:
    """The canonical speaker of the one quote in an invented one-article story."""
    from newsprism.compare.entities import merge_entities
    from newsprism.compare.quotes import extract_quotes
    from newsprism.language.parse import parse_articles
    from newsprism.records import Article

    article = Article(id="a", text=text)
    docs = parse_articles([article])
    [quote] = extract_quotes([article], docs, merge_entities([article], docs))
    return quote.speaker


def test_quotes_speakers_a_firm_named_by_its_description() -> None:
    """"The company" is the one organisation the story describes as a firm; plural
    descriptions name no one ("pollsters" is not the college described as a pollster)."""
    assert _only_speaker(
        "Brennock Freight, a private firm, runs the depot at the north gate.\n\n"
        "The company said it was “deeply sorry for the delay to every customer this week”."
    ) == "Brennock Freight"
    assert _only_speaker(
        "Marlow College, a pollster based in the valley, asked 900 voters in March.\n\n"
        "On Monday, pollsters said “the race is far closer than anyone expected this week”."
    ) is None


@pytest.mark.slow
def test_quotes_speakers_a_name_before_a_long_aside() -> None:
    """The aside between the name and the speech verb may run long and hold a quoted name."""
    assert _only_speaker(
        "“We have had better regattas than this one,” Dunmore skipper Piet Albers, in a yellow oilskin with"
        " a “Save the Mill” badge pinned to it, said as the rain came down."
    ) == "Piet Albers"
    assert _only_speaker(
        "“A very good skipper, a very good skipper,” Varga, the party's candidate for mayor and the clear leader"
        " in every northern ward since her win in the spring vote, said when Brell asked her about him."
    ) == "Varga"


@pytest.mark.slow
def test_quotes_speakers_a_quote_after_the_sentence_that_lent_its_cue() -> None:
    """The next quote after a sentence whose speech verb found the quote before it is the
    same speaker's, also when that speaker was found by a fallback, not the parse."""
    mentions = article_quotes(
        "harbour-3",
        "“The board ignored every warning, and the town will pay for it,” said Harbour Committee ranking"
        " Green Ilse Marrow (G-Dun.). “Now we will pay for the repairs twice.”\n\nThe inquiry resumes next week.",
    )
    first = by_start(mentions, "The board ignored")
    assert first.speaker_mention is not None
    assert by_start(mentions, "Now we will pay").speaker_mention == first.speaker_mention
