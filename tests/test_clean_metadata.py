"""Metadata found in the text (dates, bylines, datelines, outlets) and given metadata winning."""

from __future__ import annotations

import hashlib

import pytest

from newsprism.clean import clean_document, clean_text
from newsprism.clean.meta import date_line, outlet_from_url, parse_date
from newsprism.errors import CleanError, EmptyInputError
from newsprism.records import RawDocument

BODY = (
    "The Valmora city council approved a new harbor budget on Monday after a long debate.\n\n"
    "Council members said the money would pay for dredging and two new cranes."
)


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("9:17 AM – Friday, September 5, 2025", "2025-09-05"),
        ("Published On 5 Sep 2025", "2025-09-05"),
        ("Sept. 5, 2025", "2025-09-05"),
        ("Updated 10:42 AM EST, Tue March 4, 2024", "2024-03-04"),
        ("2025-09-05T08:30:00Z", "2025-09-05"),
        ("Posted: 09/05/2025", "2025-09-05"),
        ("date 2025-09-05", "2025-09-05"),
        ("Friday 5th September 2025 14:03 BST", "2025-09-05"),
    ],
)
def test_clean_metadata_date_lines(line: str, date: str) -> None:
    assert date_line(line) == date
    assert clean_text(f"{line}\n\n{BODY}").published == date


@pytest.mark.parametrize(
    ("stamps", "published"),
    [
        # the publication stamp wins over an update's, in either order
        ("Published time: March 12, 2025 02:03\n\nEdited time: March 13, 2025 02:15", "2025-03-12"),
        ("Last updated: 18 June 2025\nPublished: 12 June 2025", "2025-06-12"),
        # an update's stamp alone still dates the page (published on or before it)
        ("Last updated at 11:24, Tuesday, 18 June 2025", "2025-06-18"),
    ],
)
def test_clean_metadata_update_stamps_give_way_to_the_publication_stamp(stamps: str, published: str) -> None:
    cleaned = clean_text(f"{stamps}\n\n{BODY}")
    assert cleaned.published == published
    assert cleaned.body.startswith("The Valmora city council")  # every stamp left the body


def test_clean_metadata_sentence_with_date_is_not_a_date_line() -> None:
    assert date_line("The vote was held on September 5, 2025, in the old town hall.") is None
    assert parse_date("on Feb. 30, 2025") is None


@pytest.mark.parametrize(
    ("byline", "authors", "outlet"),
    [
        ("By Tessa Marlow and Iven Dusk, Coastline Herald", ("Tessa Marlow", "Iven Dusk"), "Coastline Herald"),
        ("By Rina Holt, CNN", ("Rina Holt",), "CNN"),
        ("By GIL ASTER, Associated Press", ("GIL ASTER",), "Associated Press"),
        ("OAN Staff Corin Vale", ("Corin Vale",), "One America News Network"),
        ("By Rina Holt, Staff Writer", ("Rina Holt",), None),
        ("By Reuters Staff", (), "Reuters"),
    ],
)
def test_clean_metadata_bylines(byline: str, authors: tuple[str, ...], outlet: str | None) -> None:
    cleaned = clean_text(f"{byline}\n\n{BODY}")
    assert cleaned.authors == authors
    assert cleaned.outlet == outlet
    assert byline not in cleaned.body
    if authors:
        assert any(e.field == "authors" and e.source for e in cleaned.evidence)


@pytest.mark.parametrize(
    ("prefix", "dateline", "outlet"),
    [
        ("MOSCOW: ", "MOSCOW", None),
        ("VALMORA (Reuters) - ", "VALMORA", "Reuters"),
        ("PORT ELLIS, Norland (AP) — ", "PORT ELLIS, Norland", "Associated Press"),
        ("(CNN) — ", None, "CNN"),
        ("WASHINGTON — ", "WASHINGTON", None),
    ],
)
def test_clean_metadata_datelines(prefix: str, dateline: str | None, outlet: str | None) -> None:
    cleaned = clean_text(prefix + BODY)
    assert cleaned.dateline == dateline
    assert cleaned.outlet == outlet
    assert cleaned.body.startswith("The Valmora city council")
    assert any(r.reason == "dateline" for r in cleaned.removed)


def test_clean_metadata_wire_credit_is_evidence_not_outlet() -> None:
    raw = f"VALMORA (AP) — {BODY}\n\n© 2024 Valmora Ledger\n\nThe Associated Press contributed to this report."
    cleaned = clean_text(raw)
    assert cleaned.outlet == "Valmora Ledger"
    assert "Associated Press" in {e.value for e in cleaned.evidence if e.field == "wire"}


def test_clean_metadata_outlet_from_url() -> None:
    assert outlet_from_url("https://edition.cnn.com/2025/09/05/europe/x") == ("CNN", "url domain")
    assert outlet_from_url("https://www.aljazeera.com/news/2025/9/5/x") == ("Al Jazeera", "url domain")
    name, how = outlet_from_url("https://news.valmora-ledger.example/a/1")
    assert (name, how) == ("Valmora Ledger", "url domain (readable fallback)")


def test_clean_metadata_given_wins_and_is_recorded() -> None:
    doc = RawDocument(
        source="x.txt",
        text=f"By Rina Holt, CNN\n\nJune 2, 2024\n\n{BODY}",
        meta={"title": "Budget passes", "outlet": "Valmora Ledger", "authors": "Ana Lim, Bo Pratt",
              "published": "2024-06-03T09:00:00+02:00", "url": "https://www.reuters.com/x", "story": "s1", "id": "v1"},
    )
    article = clean_document(doc)
    assert (article.id, article.title, article.outlet) == ("v1", "Budget passes", "Valmora Ledger")
    assert article.authors == ("Ana Lim", "Bo Pratt")
    assert article.published == "2024-06-03"
    assert article.story == "s1"
    given = {e.field for e in article.evidence if e.source == "given"}
    assert {"title", "outlet", "authors", "published", "story"} <= given
    assert not [e for e in article.evidence if e.field == "outlet" and e.source != "given"]


def test_clean_metadata_given_values_are_repaired_like_the_text() -> None:
    # Scrapers hand over titles double-encoded and author lists with cut-off copies of a name.
    broken = "Minister\u2019s \u2018final\u2019 offer\n  rejected".encode("utf-8").decode("cp1252")
    doc = RawDocument(source="z", text=BODY, meta={
        "title": broken, "authors": ['"Ana Lim"', "Bo Pratt", "Bo Pra", "Ana Lim", "Cy Dunn"], "outlet": " Valmora  Ledger "})
    article = clean_document(doc)
    assert article.title == "Minister\u2019s \u2018final\u2019 offer rejected"
    assert article.authors == ("Ana Lim", "Bo Pratt", "Cy Dunn")
    assert article.outlet == "Valmora Ledger"
    # Two real names where one extends the other by more than a cut-off letter or two stay.
    kept = clean_document(RawDocument(source="w", text=BODY, meta={"authors": "Jo Hart, Jo Hartley"}))
    assert kept.authors == ("Jo Hart", "Jo Hartley")


def test_clean_metadata_authors_as_list_and_outlet_from_url() -> None:
    doc = RawDocument(source="y", text=BODY, meta={"authors": ["Ana Lim", " Bo Pratt "], "url": "https://apnews.com/a"})
    article = clean_document(doc, default_id="fallback")
    assert article.authors == ("Ana Lim", "Bo Pratt")
    assert article.outlet == "Associated Press"
    assert article.id == "fallback"
    assert ("outlet", "Associated Press", "url domain") in {(e.field, e.value, e.source) for e in article.evidence}


def test_clean_metadata_id_and_hash_from_content() -> None:
    article = clean_document(RawDocument(source="z", text=BODY))
    normal = " ".join(f"\n{article.text}".split()).casefold()
    assert article.content_hash == hashlib.sha256(normal.encode()).hexdigest()
    assert article.id == "a" + article.content_hash[:12]
    again = clean_document(RawDocument(source="other", text=BODY.replace("\n\n", "\n\n\n")))
    assert again.content_hash == article.content_hash


def test_clean_metadata_mojibake_repaired_curly_quotes_kept() -> None:
    original = "The mayor’s office said “the bridge is safe” — and opened it at 6 a.m. in Valmora."
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec that scrapers misuse)

    broken = original.encode("utf-8").decode("sloppy-windows-1252")
    assert "â€" in broken
    cleaned = clean_text(broken)
    assert cleaned.body == original


def test_clean_metadata_non_english_kept_with_language() -> None:
    german = (
        "Der Stadtrat von Valmora hat am Montag nach langer Debatte einen neuen Hafenhaushalt beschlossen.\n\n"
        "Die Mitglieder sagten, das Geld werde für das Ausbaggern und zwei neue Kräne verwendet."
    )
    article = clean_document(RawDocument(source="de.txt", text=german))
    assert article.language == "de"
    assert article.text.startswith("Der Stadtrat")
    spanish = "El consejo municipal aprobó el lunes un nuevo presupuesto para el puerto tras un largo debate."
    assert clean_text(spanish).language == "es"
    assert clean_text(BODY).language == "en"


def test_clean_metadata_empty_inputs_raise() -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        clean_document(RawDocument(source="blank.txt", text="  \n\n "))
    with pytest.raises(EmptyInputError, match="boilerplate"):
        clean_document(RawDocument(source="junk.txt", text="Advertisement\n\nShare this post!\n\nSkip to Content"))
    with pytest.raises(CleanError, match="NUL"):
        clean_document(RawDocument(source="bin.txt", text="abc\x00def"))


@pytest.mark.parametrize(
    ("given_date", "published"),
    [("2025", "2025"), ("2025-09", "2025-09"), (2025, "2025"), ("Sept. 5, 2025", "2025-09-05"),
     ("2025-09-05T23:10:00-04:00", "2025-09-05")],
)
def test_clean_metadata_given_date_precision(given_date: object, published: str) -> None:
    article = clean_document(RawDocument(source="d", text=BODY, meta={"published": given_date}))
    assert article.published == published


def test_clean_metadata_unreadable_given_date_is_recorded_not_used() -> None:
    article = clean_document(RawDocument(source="d", text=BODY, meta={"published": "sometime  last spring"}))
    assert article.published != "sometime last spring"
    [ignored] = [e for e in article.evidence if e.source.startswith("given, not read as a date")]
    assert ignored.field == "published" and ignored.value == "sometime last spring"
    readable = clean_document(RawDocument(source="d", text=BODY, meta={"published": "2025-09-05"}))
    assert not [e for e in readable.evidence if "not read" in e.source]


@pytest.mark.parametrize("given_date", ["1066-10-14", "9999-12-31"])
def test_clean_metadata_given_date_outside_the_years_read_says_so(given_date: str) -> None:
    article = clean_document(RawDocument(source="d", text=BODY, meta={"published": given_date}))
    [ignored] = [e for e in article.evidence if e.field == "published"]
    assert ignored.value == given_date and "years 1900-2099 are read" in ignored.source
    assert article.published != given_date


@pytest.mark.parametrize("given_date", ["2025-09-05T99:00", "2025-09-05T10:61:00Z", "2025-09-05T10:00:00+25:00"])
def test_clean_metadata_given_iso_datetime_with_a_bad_time_is_recorded_not_used(given_date: str) -> None:
    article = clean_document(RawDocument(source="d", text=BODY, meta={"published": given_date}))
    [ignored] = [e for e in article.evidence if e.field == "published"]
    assert ignored.value == given_date and "not a valid ISO 8601 date and time" in ignored.source
    assert article.published is None


@pytest.mark.parametrize("given_date", ["2025-09-05T08:30:00Z", "2025-09-05T08:30", "2025-09-05T08:30:00.250+02:00",
                                        "2025-09-05T08:30:00 GMT", "2025-09-05T08:30:00 +0000"])
def test_clean_metadata_given_iso_datetime_is_read(given_date: str) -> None:
    article = clean_document(RawDocument(source="d", text=BODY, meta={"published": given_date}))
    assert article.published == "2025-09-05"
