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


TOLLS = "The tolls will go"


def _said(article_id: str, words: str, speaker: str, before: str = "") -> tuple[Article, QuoteMention]:
    """An article quoting ``words`` ('"…," said Speaker.', or '"…," she said.' for a pronoun),
    after the text ``before``, and its rendering of the quote."""
    cue = f"{speaker} said" if speaker.islower() else f"said {speaker}"
    article = _article(article_id, f'{before}"{words}," {cue}.')
    return article, _mention(article, words, speaker)


def _attributions(said: list[tuple[Article, QuoteMention]], entities=(VENN, BRACK), speaker="Orla Venn"):
    """The attribution findings when ``said`` are the renderings of one quote."""
    articles = [a for a, _ in said]
    quote = Quote("q1", speaker, tuple(m for _, m in said))
    return _kinds(_run(articles, quotes=[quote], entities=list(entities)), "attribution")


def test_discrepancies_attribution_different_people() -> None:
    found = _attributions([_said("a", TOLLS, "Venn"), _said("b", TOLLS, "Brack")])
    assert len(found) == 1
    assert "Orla Venn" in found[0].summary and "Tobias Brack" in found[0].summary


def test_discrepancies_attribution_only_for_speakers_named_beside_the_quote() -> None:
    # b's rendering stands in a paragraph of its own: its speaker comes from the paragraph
    # before, which is the reading's guess, not the outlet's attribution.
    b = _article("b", f'Brack spoke to the council on Monday.\n\n"{TOLLS}."')
    assert not _attributions([_said("a", TOLLS, "Venn"), (b, _mention(b, TOLLS, "Brack"))])


def test_discrepancies_attribution_two_records_of_one_wording_need_a_name_beside_each() -> None:
    words = "The tolls will go and the ferry will keep its winter timetable"
    a, by_venn = _said("a", words, "Venn")
    b, by_pronoun = _said("b", words, "she", before="Brack spoke to the council on Monday. ")
    c, by_name = _said("c", words, "Brack")
    venn = Quote("q1", "Orla Venn", (by_venn,))

    def found(article: Article, mention: QuoteMention) -> list:
        quotes = [venn, Quote("q2", "Tobias Brack", (mention,))]
        return _kinds(_run([a, article], quotes=quotes, entities=[VENN, BRACK]), "attribution")

    # a pronoun resolved by the reading is not the outlet naming someone
    assert not found(b, by_pronoun)
    (named,) = found(c, by_name)
    assert "Orla Venn" in named.summary and "Tobias Brack" in named.summary


def test_discrepancies_attribution_not_between_a_name_and_its_longer_form() -> None:
    # the entity stage kept "Boone Linden" and "Maud Boone Linden" apart; they are one person
    words = "We agreed at once that the regatta should go ahead this summer"
    a, short_said = _said("a", words, "Boone Linden")
    b, full_said = _said("b", words, "Maud Boone Linden")
    short = Entity("e6", "Boone Linden", "PERSON", ("Boone Linden",), ("a",))
    full = Entity("e7", "Maud Boone Linden", "PERSON", ("Maud Boone Linden",), ("b",))
    quotes = [Quote("q1", "Boone Linden", (short_said,)), Quote("q2", "Maud Boone Linden", (full_said,))]
    assert not _kinds(_run([a, b], quotes=quotes, entities=[short, full]), "attribution")


def test_discrepancies_attribution_variants_and_pronouns_agree() -> None:
    said = [_said("a", TOLLS, "Orla Venn"), _said("b", TOLLS, "she"), _said("c", TOLLS, "Venn")]
    assert not _attributions(said)


def test_discrepancies_attribution_shared_surname_is_ambiguous() -> None:
    # Two different people named Venn: a bare "Venn" cannot be pinned on either.
    ida = Entity("e3", "Ida Venn", "PERSON", ("Ida Venn", "Venn"), ("a", "b"))
    assert not _attributions([_said("a", TOLLS, "Orla Venn"), _said("b", TOLLS, "Venn")], entities=(VENN, ida))


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
    assert len(found) == 1
    # each source as its outlet wrote it
    assert found[0].summary.endswith(": two lock keepers (A); Canal officials (B)"), found[0].summary


def test_discrepancies_attribution_of_a_fact_same_or_speech_sources() -> None:
    a = _article("a", "The lock gates had been left open since May, according to canal officials.")
    b = _article("b", "Officials of the canal trust confirmed the lock gates had been left open since May.")
    c = _article("c", "The lock gates had been left open since May, the mayor said.")
    claim = _claim((a, a.text), (b, b.text), (c, c.text))
    found = find_discrepancies([a, b, c], claims=[claim], quotes=[], entities=[])
    assert not _kinds(found, "attribution")


def _spellings(text_a: str, text_b: str, *names: tuple[str, str, str]) -> list:
    """The name-spelling findings between two articles, each name given as (type, the form
    in a, the form in b) and merged into one entity."""
    a, b = _article("a", text_a), _article("b", text_b)
    entities = [Entity(f"e{k}", form_a, kind, (form_a, form_b), ("a", "b"))
                for k, (kind, form_a, form_b) in enumerate(names)]
    return _kinds(_run([a, b], entities=entities), "name_spelling")


def test_discrepancies_name_spelling_not_for_plurals_apostrophes_acronyms_or_short_given_names() -> None:
    assert not _spellings(
        "Samuel Ostrander of the Harbour Pilots' Guild won the Gull Awards. The USA team cheered.",
        "Sam Ostrander of the Harbour Pilots Guild won the Gull Award. The US team cheered.",
        ("PERSON", "Samuel Ostrander", "Sam Ostrander"),
        ("ORG", "Harbour Pilots' Guild", "Harbour Pilots Guild"),
        ("EVENT", "Gull Awards", "Gull Award"),
        ("GPE", "USA", "US"),
    )


def test_discrepancies_name_spelling_still_for_given_names_spelled_differently() -> None:
    found = _spellings(
        "Jon Ostrander and Katherine Lisle spoke at the quay.",
        "John Ostrander and Catherine Lisle spoke at the quay.",
        ("PERSON", "Jon Ostrander", "John Ostrander"),
        ("PERSON", "Katherine Lisle", "Catherine Lisle"),
    )
    assert sorted(f.summary.split("'s")[0] for f in found) == ["Jon Ostrander", "Katherine Lisle"]
