"""A claim that is someone's quoted words, with no attribution in them, is shown as theirs."""

from __future__ import annotations

import io
from dataclasses import replace

import jsonschema
import pytest
from rich.console import Console

from newsprism.analyze import analyze_articles
from newsprism.compare.claims import name_quoted_speakers
from newsprism.records import Article, Claim, Mention, Quote, QuoteMention
from newsprism.render._view import claim_text
from newsprism.render.html import page_name, write_html
from newsprism.render.json import load_schema, report_to_dict
from newsprism.render.terminal import print_report
from tests._render_sample import HOSTILE_SCRIPT, sample_report

TEXT = (
    "The harbour minister spoke on Monday.\n\n"
    "“We will rebuild the quay. It will take a year,” Ann Lee said.\n\n"
    "Lee said the quay would reopen in spring."
)


def _mention(fragment: str) -> Mention:
    start = TEXT.index(fragment)
    return Mention("a1", fragment, start, start + len(fragment))


def _quote(speaker: str | None) -> Quote:
    words = "We will rebuild the quay. It will take a year,"
    start = TEXT.index(words)
    return Quote("q1", speaker, (QuoteMention("a1", words, start, start + len(words), "Ann Lee", "said"),))


def _claim(fragment: str) -> Claim:
    return Claim("c1", fragment, ("a1",), 1, (_mention(fragment),))


def test_a_sentence_inside_a_quote_gets_the_speaker() -> None:
    inside = _claim("“We will rebuild the quay.")
    (named,) = name_quoted_speakers([inside], [_quote("Ann Lee")])
    assert named.speaker == "Ann Lee"
    assert named.text == inside.text and named.mentions == inside.mentions


@pytest.mark.parametrize(
    "fragment",
    [
        "“We will rebuild the quay. It will take a year,” Ann Lee said.",  # names its speaker
        "Lee said the quay would reopen in spring.",  # not quoted words
        "The harbour minister spoke on Monday.",
    ],
)
def test_a_claim_that_is_not_only_quoted_words_gets_no_speaker(fragment: str) -> None:
    (named,) = name_quoted_speakers([_claim(fragment)], [_quote("Ann Lee")])
    assert named.speaker is None


def test_a_quote_of_unknown_speaker_names_no_one() -> None:
    (named,) = name_quoted_speakers([_claim("“We will rebuild the quay.")], [_quote(None)])
    assert named.speaker is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("“We will rebuild the quay.", "Ann Lee: “We will rebuild the quay.”"),
        ("It will take a year.”", "Ann Lee: “It will take a year.”"),
        ("We have the money.", "Ann Lee: “We have the money.”"),
        ('"We will rebuild the quay.', 'Ann Lee: "We will rebuild the quay."'),
        ("“We will rebuild the quay.”", "Ann Lee: “We will rebuild the quay.”"),
    ],
)
def test_claim_text_shows_the_speaker_in_balanced_marks(text: str, shown: str) -> None:
    claim = replace(_claim("The harbour minister spoke on Monday."), text=text, speaker="Ann Lee")
    assert claim_text(claim) == shown
    assert claim_text(replace(claim, speaker=None)) == text


def test_the_pipeline_names_the_speaker_of_a_sentence_from_a_long_quote() -> None:
    quote = (
        "“The north quay will stay shut until every crane has been inspected. "
        "We owe that to the crews who work under them. "
        "Nobody goes back on the quay before the inspectors say so,” harbour minister Ann Lee told reporters."
    )
    articles = [
        Article(id=f"a{k}", text=f"{lead}\n\n{quote}\n\n{tail}", title=title, outlet=outlet, published="2031-05-04")
        for k, (outlet, title, lead, tail) in enumerate(
            [
                ("Kestrel Post", "North quay shut after crane collapse",
                 "A crane collapsed onto the north quay of Port Ellis on Monday, injuring two dock workers.",
                 "The port said ships would be sent to the south quay."),
                ("Harbour Wire", "Port Ellis closes north quay",
                 "Port Ellis closed its north quay on Monday after a crane fell onto it and hurt two workers.",
                 "Shipping agents expect delays of several days."),
            ]
        )
    ]
    report = analyze_articles(articles, one_story=True)
    (story,) = report.stories
    inside = [c for c in story.claims if c.text.startswith("We owe that to the crews")]
    assert inside and inside[0].speaker == "Ann Lee"
    data = report_to_dict(report)
    jsonschema.validate(data, load_schema())
    shown = {c["text"]: c["speaker"] for c in data["stories"][0]["claims"]}
    assert shown[inside[0].text] == "Ann Lee"
    assert all(speaker is None for text, speaker in shown.items() if "harbour minister Ann Lee told" in text)


def _report_with_speaker(speaker: str):
    report = sample_report()
    story = report.stories[0]
    exclusive = next(cid for cids in story.coverage.exclusive.values() for cid in cids)
    claims = tuple(replace(c, speaker=speaker) if c.id == exclusive else c for c in story.claims)
    return replace(report, stories=(replace(story, claims=claims), *report.stories[1:])), exclusive


def test_the_speaker_shows_in_the_terminal_and_escaped_in_the_html(tmp_path) -> None:
    report, cid = _report_with_speaker("Ilse Varnhagen")
    out = io.StringIO()
    print_report(report, console=Console(file=out, width=300, color_system=None))
    assert "Ilse Varnhagen: " in out.getvalue()

    hostile, _ = _report_with_speaker(HOSTILE_SCRIPT)
    write_html(hostile, tmp_path)
    page = (tmp_path / page_name("story", "s1")).read_text(encoding="utf-8")
    assert HOSTILE_SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: " in page
