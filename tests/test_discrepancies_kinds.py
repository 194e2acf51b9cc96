"""Quote wording, attribution, characterization and name spelling on hand-built records.

All text is invented (a fictional town council dispute). These kinds need no model.
"""

from __future__ import annotations

import pytest

from newsprism.compare.discrepancies import find_discrepancies
from newsprism.records import Article, Entity, Quote, QuoteMention


def _article(article_id: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=article_id, text=text, outlet=outlet or article_id.upper(), published="2026-05-08")


def _mention(article: Article, quote: str, speaker: str | None = "Orla Venn") -> QuoteMention:
    """A rendering whose speaker words are where the article names the speaker last
    (None when it does not)."""
    start = article.text.index(quote)
    at = article.text.rfind(speaker) if speaker else -1
    where = (at, at + len(speaker)) if at >= 0 else (None, None)
    return QuoteMention(article.id, quote, start, start + len(quote), speaker, "said", *where)


def _kinds(found, kind: str):
    return [d for d in found if d.kind == kind]


def _run(articles, *, quotes=(), entities=()):
    return find_discrepancies(articles, claims=[], quotes=quotes, entities=entities)


VENN = Entity("e1", "Orla Venn", "PERSON", ("Orla Venn", "Venn"), ("a", "b", "c"))
BRACK = Entity("e2", "Tobias Brack", "PERSON", ("Tobias Brack", "Brack"), ("a", "b", "c"))


# --------------------------------------------------------------------------- quote_wording


def test_discrepancies_quote_wording_content_words_differ() -> None:
    a = _article("a", 'Venn said: "The bridge will stay shut until the engineers sign it off."')
    b = _article("b", 'Venn said: "The bridge will stay closed until the engineers sign it off."')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "The bridge will stay shut until the engineers sign it off."),
        _mention(b, "The bridge will stay closed until the engineers sign it off."),
    ))
    found = _kinds(_run([a, b], quotes=[quote], entities=[VENN]), "quote_wording")
    assert len(found) == 1
    assert "Orla Venn" in found[0].summary
    assert "shut" in found[0].summary and "closed" in found[0].summary
    assert {e.article for e in found[0].evidence} == {"a", "b"}
    assert all(e.text in {a.text, b.text} or e.text in a.text + b.text for e in found[0].evidence)


def test_discrepancies_quote_wording_ignores_punctuation_case_and_stopwords() -> None:
    a = _article("a", 'She said: "We will rebuild the bridge, and we will do it this year."')
    b = _article("b", 'She said: "we will rebuild THE bridge - and we shall do it this year"')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "We will rebuild the bridge, and we will do it this year."),
        _mention(b, "we will rebuild THE bridge - and we shall do it this year"),
    ))
    assert not _kinds(_run([a, b], quotes=[quote]), "quote_wording")


def test_discrepancies_quote_wording_ignores_a_shorter_excerpt_and_spelling() -> None:
    a = _article("a", 'Venn said the council would "recognise the damage and repair every span".')
    b = _article("b", 'Venn said: "We recognize the damage and repair every span, whatever it costs."')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "recognise the damage and repair every span"),
        _mention(b, "We recognize the damage and repair every span, whatever it costs."),
    ))
    assert not _kinds(_run([a, b], quotes=[quote]), "quote_wording")


@pytest.mark.parametrize(
    ("rendering_a", "rendering_b"),
    [
        ("The fibre link to the harbour colour works failed.", "The fiber link to the harbor color works failed."),
        ("This is an 11th hour rescue of the quay.", "This is an eleventh-hour rescue of the quay."),
        ("You know what they say – the third try is the charm.", "You know what they say-the third try is the charm."),
        ("Our defence of the town centre stands.", "Our defense of the town center stands."),
    ],
)
def test_discrepancies_quote_wording_ignores_british_american_spelling_ordinals_and_dashes(
    rendering_a: str, rendering_b: str
) -> None:
    a = _article("a", f'Venn said: "{rendering_a}"')
    b = _article("b", f'Venn said: "{rendering_b}"')
    quote = Quote("q1", "Orla Venn", (_mention(a, rendering_a), _mention(b, rendering_b)))
    assert not _kinds(_run([a, b], quotes=[quote], entities=[VENN]), "quote_wording")


def test_discrepancies_quote_wording_same_article_twice_is_not_a_difference() -> None:
    a = _article("a", '"The bridge is safe," Venn said. Later: "The bridge is sound," she said.')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "The bridge is safe,"), _mention(a, "The bridge is sound,"),
    ))
    assert not _kinds(_run([a], quotes=[quote]), "quote_wording")


def test_discrepancies_quote_wording_not_for_renderings_in_another_order() -> None:
    # Two translations that give the same words in another order quote different parts of
    # the remarks: pairing their leftover words ("approved" / "case") would be noise.
    said_a = "Once the repairs are approved, residents should not doubt the council will fully fund them."
    said_b = "The council will fund the repairs. In any case residents have not been asked yet."
    a = _article("a", f'Venn said: "{said_a}"')
    b = _article("b", f'Venn said: "{said_b}"')
    quote = Quote("q1", "Orla Venn", (_mention(a, said_a), _mention(b, said_b)))
    assert not _kinds(_run([a, b], quotes=[quote]), "quote_wording")


# --------------------------------------------------------------------------- attribution


def test_discrepancies_attribution_different_people() -> None:
    a = _article("a", '"The tolls will go," said Venn.')
    b = _article("b", '"The tolls will go," said Brack.')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "The tolls will go,", "Venn"), _mention(b, "The tolls will go,", "Brack"),
    ))
    found = _kinds(_run([a, b], quotes=[quote], entities=[VENN, BRACK]), "attribution")
    assert len(found) == 1
    assert "Orla Venn" in found[0].summary and "Tobias Brack" in found[0].summary


def test_discrepancies_attribution_only_for_speakers_named_beside_the_quote() -> None:
    # b's rendering stands in a paragraph of its own: its speaker comes from the paragraph
    # before, which is the reading's guess, not the outlet's attribution.
    a = _article("a", '"The tolls will go," said Venn.')
    b = _article("b", 'Brack spoke to the council on Monday.\n\n"The tolls will go."')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "The tolls will go,", "Venn"), _mention(b, "The tolls will go.", "Brack"),
    ))
    assert not _kinds(_run([a, b], quotes=[quote], entities=[VENN, BRACK]), "attribution")


def test_discrepancies_attribution_two_records_of_one_wording_need_a_name_beside_each() -> None:
    words = "The tolls will go and the ferry will keep its winter timetable"
    a = _article("a", f'"{words}," said Venn.')
    b = _article("b", f'Brack spoke to the council on Monday. "{words}," she said.')
    c = _article("c", f'"{words}," said Brack.')
    venn = Quote("q1", "Orla Venn", (_mention(a, words, "Venn"),))
    by_pronoun = Quote("q2", "Tobias Brack", (_mention(b, words, "she"),))
    by_name = Quote("q2", "Tobias Brack", (_mention(c, words, "Brack"),))
    # a pronoun resolved by the reading is not the outlet naming someone
    assert not _kinds(_run([a, b], quotes=[venn, by_pronoun], entities=[VENN, BRACK]), "attribution")
    found = _kinds(_run([a, c], quotes=[venn, by_name], entities=[VENN, BRACK]), "attribution")
    assert len(found) == 1 and "Orla Venn" in found[0].summary and "Tobias Brack" in found[0].summary


def test_discrepancies_attribution_not_between_a_name_and_its_longer_form() -> None:
    # the entity stage kept "Boone Linden" and "Maud Boone Linden" apart; they are one person
    words = "We agreed at once that the regatta should go ahead this summer"
    a = _article("a", f'"{words}," said Boone Linden.')
    b = _article("b", f'"{words}," said Maud Boone Linden.')
    short = Entity("e6", "Boone Linden", "PERSON", ("Boone Linden",), ("a",))
    full = Entity("e7", "Maud Boone Linden", "PERSON", ("Maud Boone Linden",), ("b",))
    quotes = [Quote("q1", "Boone Linden", (_mention(a, words, "Boone Linden"),)),
              Quote("q2", "Maud Boone Linden", (_mention(b, words, "Maud Boone Linden"),))]
    assert not _kinds(_run([a, b], quotes=quotes, entities=[short, full]), "attribution")


def test_discrepancies_attribution_variants_and_pronouns_agree() -> None:
    a = _article("a", '"The tolls will go," said Orla Venn.')
    b = _article("b", '"The tolls will go," she said.')
    c = _article("c", '"The tolls will go," said Venn.')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "The tolls will go,", "Orla Venn"), _mention(b, "The tolls will go,", "she"),
        _mention(c, "The tolls will go,", "Venn"),
    ))
    assert not _kinds(_run([a, b, c], quotes=[quote], entities=[VENN, BRACK]), "attribution")


def test_discrepancies_attribution_shared_surname_is_ambiguous() -> None:
    # Two different people named Venn: a bare "Venn" cannot be pinned on either.
    ida = Entity("e3", "Ida Venn", "PERSON", ("Ida Venn", "Venn"), ("a", "b"))
    a = _article("a", '"The tolls will go," said Orla Venn.')
    b = _article("b", '"The tolls will go," said Venn.')
    quote = Quote("q1", "Orla Venn", (
        _mention(a, "The tolls will go,", "Orla Venn"), _mention(b, "The tolls will go,", "Venn"),
    ))
    assert not _kinds(_run([a, b], quotes=[quote], entities=[VENN, ida]), "attribution")


# --------------------------------------------------------------------------- characterization


def test_discrepancies_characterization_opposite_verbs() -> None:
    a = _article("a", "On Tuesday Tobias Brack echoed Venn, saying the tolls must go.")
    b = _article("b", "Tobias Brack contradicted Orla Venn on Tuesday, saying tolls should stay.")
    found = _kinds(_run([a, b], entities=[VENN, BRACK]), "characterization")
    assert len(found) == 1
    summary = found[0].summary
    assert "Tobias Brack" in summary and "Orla Venn" in summary
    assert "echoed" in summary and "contradicted" in summary
    assert {e.article for e in found[0].evidence} == {"a", "b"}


def test_discrepancies_characterization_role_phrase_and_pronoun() -> None:
    a = _article("a", "Brack, her deputy, echoed the mayor at the meeting.")
    b = _article("b", "Her deputy, Tobias Brack, contradicted her on Wednesday.")
    assert len(_kinds(_run([a, b], entities=[VENN, BRACK]), "characterization")) == 1


def test_discrepancies_characterization_same_polarity_is_agreement() -> None:
    a = _article("a", "Tobias Brack echoed Orla Venn on the tolls.")
    b = _article("b", "Tobias Brack echoed Venn, calling the tolls unfair.")
    c = _article("c", "Tobias Brack backed Venn's plan.")
    assert not _kinds(_run([a, b, c], entities=[VENN, BRACK]), "characterization")


def test_discrepancies_characterization_negation_and_other_targets() -> None:
    a = _article("a", "Tobias Brack echoed Orla Venn on the tolls.")
    b = _article("b", "Tobias Brack did not contradict Venn.")
    c = _article("c", "Tobias Brack rejected the proposal from the harbour board.")
    d = _article("d", "A fire broke out near the bridge, and Brack sided against nobody.")
    assert not _kinds(_run([a, b, c, d], entities=[VENN, BRACK]), "characterization")


# --------------------------------------------------------------------------- name_spelling


def test_discrepancies_name_spelling_between_outlets() -> None:
    a = _article("a", "Minister Mirela Kovac toured the quay. Kovac said little.")
    b = _article("b", "Minister Mirela Kovač toured the quay.")
    c = _article("c", "Kovach toured the quay on Monday.")
    entity = Entity("e9", "Mirela Kovač", "PERSON",
                    ("Mirela Kovac", "Kovac", "Mirela Kovač", "Kovach"), ("a", "b", "c"))
    found = _kinds(_run([a, b, c], entities=[entity]), "name_spelling")
    assert len(found) == 1
    for spelling in ("Kovac", "Kovač", "Kovach"):
        assert f"“{spelling}”" in found[0].summary
    assert {e.article for e in found[0].evidence} == {"a", "b", "c"}


def test_discrepancies_name_spelling_not_for_short_forms_titles_or_case() -> None:
    a = _article("a", "Orla Venn spoke first. Venn then left.")
    b = _article("b", "Mayor Venn spoke first.")
    c = _article("c", "ORLA VENN spoke first.")
    entity = Entity("e1", "Orla Venn", "PERSON", ("Orla Venn", "Venn", "ORLA VENN"), ("a", "b", "c"))
    us = Entity("e5", "U.S.", "GPE", ("U.S.", "US"), ("a", "b"))
    assert not _kinds(_run([a, b, c], entities=[entity, us]), "name_spelling")


def test_discrepancies_name_spelling_needs_two_outlets() -> None:
    # One article writes both spellings; the other outlet uses one of them: no split by outlet.
    a = _article("a", "Mirela Kovac spoke. Later Mirela Kovač left.")
    b = _article("b", "Mirela Kovac spoke.")
    entity = Entity("e9", "Mirela Kovač", "PERSON", ("Mirela Kovac", "Mirela Kovač"), ("a", "b"))
    assert not _kinds(_run([a, b], entities=[entity]), "name_spelling")


def test_discrepancies_name_spelling_distinct_given_names_are_not_variants() -> None:
    a = _article("a", "John Smith spoke.")
    b = _article("b", "Jane Smith spoke.")
    entity = Entity("e7", "John Smith", "PERSON", ("John Smith", "Jane Smith"), ("a", "b"))
    assert not _kinds(_run([a, b], entities=[entity]), "name_spelling")


def test_discrepancies_empty_story() -> None:
    assert find_discrepancies([], claims=[], quotes=[], entities=[]) == []


def test_discrepancies_quote_wording_across_split_quote_records() -> None:
    # The quote stage kept two renderings of one utterance apart: same speaker, most words shared.
    a = _article("a", '"The council will rebuild the old harbour bridge with stone from the quarry," Venn said.')
    b = _article("b", '"The council will rebuild the old harbour bridge with granite from the quarry," Venn said.')
    qa = Quote("q1", "Orla Venn", (_mention(a, "The council will rebuild the old harbour bridge with stone from the quarry,"),))
    qb = Quote("q2", "Orla Venn", (_mention(b, "The council will rebuild the old harbour bridge with granite from the quarry,"),))
    found = _kinds(_run([a, b], quotes=[qa, qb]), "quote_wording")
    assert len(found) == 1 and "stone" in found[0].summary and "granite" in found[0].summary
    # Another speaker's similar words are not one utterance.
    qc = Quote("q3", "Tobias Brack", qb.mentions)
    assert not _kinds(_run([a, b], quotes=[qa, qc]), "quote_wording")


def _claim(*pairs: tuple[Article, str]):
    from newsprism.records import Claim, Mention

    mentions = tuple(Mention(a.id, t, a.text.index(t), a.text.index(t) + len(t)) for a, t in pairs)
    return Claim("c1", pairs[0][1], tuple(a.id for a, _ in pairs), len(pairs), mentions)


def test_discrepancies_attribution_of_a_fact_to_different_sources() -> None:
    a = _article("a", "The lock gates had been left open since May, according to two lock keepers who asked not to be named.")
    b = _article("b", "Canal officials have acknowledged that the lock gates had been left open since May.")
    claim = _claim((a, a.text), (b, b.text))
    found = find_discrepancies([a, b], claims=[claim], quotes=[], entities=[])
    found = _kinds(found, "attribution")
    assert len(found) == 1 and "keeper" in found[0].summary and "canal" in found[0].summary


def test_discrepancies_attribution_of_a_fact_same_or_speech_sources() -> None:
    a = _article("a", "The lock gates had been left open since May, according to canal officials.")
    b = _article("b", "Officials of the canal trust confirmed the lock gates had been left open since May.")
    c = _article("c", "The lock gates had been left open since May, the mayor said.")
    claim = _claim((a, a.text), (b, b.text), (c, c.text))
    found = find_discrepancies([a, b, c], claims=[claim], quotes=[], entities=[])
    assert not _kinds(found, "attribution")


def test_discrepancies_name_spelling_not_for_plurals_apostrophes_acronyms_or_short_given_names() -> None:
    a = _article("a", "Samuel Ostrander of the Harbour Pilots' Guild won the Gull Awards. The USA team cheered.")
    b = _article("b", "Sam Ostrander of the Harbour Pilots Guild won the Gull Award. The US team cheered.")
    entities = [
        Entity("e1", "Samuel Ostrander", "PERSON", ("Samuel Ostrander", "Sam Ostrander"), ("a", "b")),
        Entity("e2", "Harbour Pilots' Guild", "ORG", ("Harbour Pilots' Guild", "Harbour Pilots Guild"), ("a", "b")),
        Entity("e3", "Gull Awards", "EVENT", ("Gull Awards", "Gull Award"), ("a", "b")),
        Entity("e4", "USA", "GPE", ("USA", "US"), ("a", "b")),
    ]
    assert not _kinds(_run([a, b], entities=entities), "name_spelling")


def test_discrepancies_name_spelling_still_for_given_names_spelled_differently() -> None:
    a = _article("a", "Jon Ostrander and Katherine Lisle spoke at the quay.")
    b = _article("b", "John Ostrander and Catherine Lisle spoke at the quay.")
    entities = [
        Entity("e1", "Jon Ostrander", "PERSON", ("Jon Ostrander", "John Ostrander"), ("a", "b")),
        Entity("e2", "Katherine Lisle", "PERSON", ("Katherine Lisle", "Catherine Lisle"), ("a", "b")),
    ]
    found = _kinds(_run([a, b], entities=entities), "name_spelling")
    assert sorted(f.summary.split("'s")[0] for f in found) == ["Jon Ostrander", "Katherine Lisle"]
