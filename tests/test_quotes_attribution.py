"""Who said each quote in one article: names, inversion, pronouns, descriptions, continuations."""

from __future__ import annotations

import pytest

from newsprism.language.parse import parse_articles
from newsprism.records import Article
from tests.quotes_support import article_quotes, by_start

TEXT = "\n\n".join(
    [
        "Fernhollow Mayor Ada Quill said on Friday: “The Lark Street bridge will open in May.”",
        "“We have waited long enough,” Quill told the Fernhollow Gazette. “Nobody should face another winter of detours.”",
        "“The engineers found no structural faults,” she continued.",
        "“Every bolt was checked twice.",
        "“Every cable was tested,” said the mayor's chief engineer, Bram Otterly.",
        "Critics were unconvinced. “The budget doubled in two years and nobody explained why,” said Petra Lund, a councillor.",
        "“It will be ready when it is ready,” the engineer added.",
        "According to the transport office, “traffic will be diverted along the river road for three more weeks.”",
        "The town has long called the project “the bridge saga” in private.",
    ]
)


@pytest.fixture(scope="module")
def mentions():
    return article_quotes("gazette-1", TEXT)


@pytest.mark.slow
def test_quotes_attribution_offsets_match_text(mentions) -> None:
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text
        assert m.text[0] not in "“”\"" and m.text[-1] not in "“”\""
        if m.speaker_mention is not None:
            assert TEXT[m.speaker_start : m.speaker_end] == m.speaker_mention


@pytest.mark.slow
def test_quotes_attribution_colon_and_told(mentions) -> None:
    assert "Quill" in by_start(mentions, "The Lark Street bridge").speaker_mention
    told = by_start(mentions, "We have waited")
    assert told.speaker_mention == "Quill" and told.cue == "told"


@pytest.mark.slow
def test_quotes_attribution_pronoun_and_second_sentence(mentions) -> None:
    assert by_start(mentions, "Nobody should face").speaker_mention == "Quill"
    continued = by_start(mentions, "The engineers found")
    assert continued.speaker_mention == "she" and continued.cue == "continued"


@pytest.mark.slow
def test_quotes_attribution_multi_paragraph_quote_and_inverted_cue(mentions) -> None:
    quote = by_start(mentions, "Every bolt")
    assert "Every cable was tested" in quote.text
    assert "Otterly" in quote.speaker_mention and quote.cue == "said"
    assert "Petra Lund" in by_start(mentions, "The budget doubled").speaker_mention


@pytest.mark.slow
def test_quotes_attribution_according_to_and_scare_quotes(mentions) -> None:
    according = by_start(mentions, "traffic will be diverted")
    assert according.cue == "according to" and "transport office" in according.speaker_mention
    assert not any(m.text.startswith("the bridge saga") for m in mentions)


@pytest.mark.slow
def test_quotes_attribution_resolves_description_and_pronoun_to_people() -> None:
    from newsprism.compare.entities import merge_entities
    from newsprism.compare.quotes import extract_quotes

    article = Article(id="gazette-1", text=TEXT)
    docs = parse_articles([article])
    quotes = extract_quotes([article], docs, merge_entities([article], docs), embed=lambda texts: None)
    speakers = {q.mentions[0].text[:20]: q.speaker for q in quotes}
    assert speakers["The engineers found "] == "Ada Quill"
    assert speakers["It will be ready whe"] == "Bram Otterly"
    assert speakers["The budget doubled i"] == "Petra Lund"
