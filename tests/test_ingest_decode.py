"""Decoding bytes of unknown encoding into text."""

from __future__ import annotations

import pytest

from newsprism.errors import BinaryInputError, EmptyInputError, NulBytesError
from newsprism.ingest import decode_bytes

ENGLISH = ("“We will rebuild the pier,” the mayor of Osterby said on Friday – a promise she first made "
           "in 2019… The town’s budget is £4 million.") * 2
SPANISH = "La alcaldesa de Osterby prometió reconstruir el muelle: «Lo haremos este año», dijo el viernes."
RUSSIAN = "Мэр Остерби пообещала восстановить причал в этом году, сообщила она в пятницу журналистам."
POLISH = "Burmistrz Osterby obiecała, że molo zostanie odbudowane. Mieszkańcy są zadowoleni, ale ostrożni."


def test_ingest_decode_utf8_is_not_flagged() -> None:
    decoded = decode_bytes(ENGLISH.encode("utf-8"), source="x")
    assert decoded.text == ENGLISH and decoded.encoding is None


@pytest.mark.parametrize(("text", "encoding"), [(ENGLISH, "cp1252"), (SPANISH, "cp1252"), (SPANISH, "latin-1"),
                                                (RUSSIAN, "cp1251"), (POLISH, "cp1250"), (RUSSIAN, "utf-16"),
                                                (ENGLISH, "utf-8-sig")])
def test_ingest_decode_legacy_encodings_round_trip(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding), source="x")
    assert decoded.text == text
    assert decoded.encoding  # re-decoded: recorded


def test_ingest_decode_declared_charset_wins_over_guessing() -> None:
    decoded = decode_bytes(RUSSIAN.encode("koi8-r"), source="x", declared="koi8-r")
    assert decoded.text == RUSSIAN and decoded.encoding == "koi8-r"


@pytest.mark.parametrize("data", [b"%PDF-1.7\n1 0 obj", b"PK\x03\x04zip", b"\x00\x9f\x00\x01" * 30, bytes(range(1, 32)) * 3])
def test_ingest_decode_binary_refused(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match="binary"):
        decode_bytes(data, source="blob.txt")


def test_ingest_decode_nul_bytes_in_text_are_named() -> None:
    """A few NUL bytes in readable text: the error says so, rather than calling it binary."""
    with pytest.raises(NulBytesError, match="holds 2 NUL byte"):
        decode_bytes(b"The ferry left at dawn.\x00 Its crew\x00 waved.", source="ferry.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ingest_decode_utf16_without_a_byte_order_mark(encoding: str) -> None:
    text = "The ferry “Alder Queen” left Port Ellis at dawn; Kovač waved from the quay.\n"
    decoded = decode_bytes(text.encode(encoding), source="ferry.txt")
    assert decoded.text == text and decoded.encoding == encoding


def test_ingest_decode_empty_refused() -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        decode_bytes(b" \n\t ", source="blank.txt")
