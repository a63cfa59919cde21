"""Transcript bytes to text: which encodings are read, which are refused and how."""

from __future__ import annotations

import codecs

import pytest

from ingest.errors import SourceError
from ingest.transcripts.encoding import decode_text, detect_encoding
from ingest.transcripts.plaintext import parse_plain_text_bytes

TEXT = "[00:00:01] CRÉMIEUX: “Je suis née à Orléans — c’était l’été.”\r\nNAOMI: אמא אמרה: ماما قالت\r\n"
EXPECTED = (
    "[00:00:01] CRÉMIEUX: “Je suis née à Orléans — c’était l’été.”\nNAOMI: אמא אמרה: ماما قالت\n"
)

FRENCH = "[00:00:01] M. CRÉMIEUX: « À l’école, j’étais élève de Mme Lévêque… »\r\n“Voilà.”\r\n"
SPANISH = "[00:00:05] SEÑORA MUÑOZ: ¿Qué pasó en 1939? ¡Ay, qué pena! Fue en Jaén, año difícil.\n"


def refused(data: bytes) -> SourceError:
    with pytest.raises(SourceError) as error:
        decode_text(data, "t.txt")
    assert error.value.file == "t.txt"
    return error.value


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be"],
)
def test_unicode_encodings_are_detected_and_decoded(data, encoding):
    assert detect_encoding(data) == encoding
    assert decode_text(data, "t.txt") == EXPECTED


def test_cp1252_french_with_accents_and_smart_quotes():
    data = FRENCH.encode("cp1252")
    assert detect_encoding(data) == "cp1252"
    assert decode_text(data, "t.txt") == FRENCH.replace("\r\n", "\n")


def test_cp1252_spanish_and_a_crémieux_speaker_parse_as_a_transcript():
    assert decode_text(SPANISH.encode("cp1252"), "t.txt") == SPANISH
    data = "[00:00:02] CRÉMIEUX: “Oui,” dit-il.\n".encode("cp1252")
    segment = parse_plain_text_bytes(data, "t.txt").segments[0]
    assert (segment.speaker, segment.text) == ("CRÉMIEUX", "“Oui,” dit-il.")


def test_cp1252_letters_in_pairs_are_still_cp1252():
    data = "Größe, informação, “École”.\n".encode("cp1252")
    assert decode_text(data, "t.txt") == "Größe, informação, “École”.\n"


def test_gb2312_is_refused_not_guessed():
    data = "[00:00:01] A: hello\n[00:00:02] B: 中文字幕\n".encode("gb2312")
    error = refused(data)
    assert error.line == 2
    assert error.message == (
        "byte 34 is not valid UTF-8 (b'\\xd6') and the file does not look like Windows-1252 "
        "either (its non-ASCII bytes come in long runs, as in Chinese, Japanese, Korean or "
        "Cyrillic text); expected UTF-8, UTF-16 or Windows-1252 text"
    )


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("中文字幕，我們的故事\n", "big5"),
        ("한국어 텍스트 입니다\n", "euc-kr"),
        ("Я родился в Москве.\n", "cp1251"),
        ("שלום עולם\n", "cp1255"),
    ],
)
def test_other_legacy_encodings_are_refused(text, codec):
    assert "expected UTF-8, UTF-16 or Windows-1252 text" in refused(text.encode(codec)).message


def test_shift_jis_is_refused_for_its_bytes_undefined_in_cp1252():
    error = refused("日本語です。\n".encode("shift_jis"))
    assert "(byte 10 (b'\\x81') is undefined in Windows-1252)" in error.message


def test_invalid_bytes_name_line_and_offset():
    error = refused(b"[00:00:00] A: fine\n[00:00:01] A: caf\x81\n")
    assert error.line == 2
    assert error.message == (
        "byte 36 is not valid UTF-8 (b'\\x81') and the file does not look like Windows-1252 "
        "either (byte 36 (b'\\x81') is undefined in Windows-1252); "
        "expected UTF-8, UTF-16 or Windows-1252 text"
    )


def test_control_bytes_are_not_cp1252():
    error = refused(b"caf\xe9\x01\n")
    assert "(control byte b'\\x01' at byte 4, as in binary data)" in error.message


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE])
def test_utf32_is_refused(bom):
    error = refused(
        bom + "hello".encode("utf-32-le" if bom == codecs.BOM_UTF32_LE else "utf-32-be")
    )
    assert (error.line, error.message) == (
        1,
        "UTF-32 is not supported; expected UTF-8, UTF-16 or Windows-1252",
    )


def test_nul_byte_is_a_binary_file():
    error = refused(b"[00:00:00] A: one\n\x00\x01\x02\n")
    assert (error.line, error.message) == (
        2,
        "contains a NUL character, so it looks like a binary file; "
        "expected UTF-8, UTF-16 or Windows-1252 text",
    )


def test_broken_utf16_names_the_offset():
    error = refused(codecs.BOM_UTF16_LE + "ab\n".encode("utf-16-le") + b"\x00\xd8c\x00")
    assert error.line == 2
    assert error.message.startswith("byte 8 is not valid UTF-16-LE (")


def test_newlines_and_nfc():
    assert decode_text(b"a\r\nb\rc\nCre\xcc\x81mieux", "t.txt") == "a\nb\nc\nCrémieux"


def test_hebrew_and_arabic_round_trip_in_every_unicode_encoding():
    text = "[00:00:00] NAOMI: אמא אמרה: ماما قالت\n"
    for codec in ("utf-8", "utf-8-sig", "utf-16"):
        assert decode_text(text.encode(codec), "t.txt") == text


def test_a_stray_bom_after_indentation_is_dropped():
    data = b"   \xef\xbb\xbfINTERVIEWEE: David\n"
    assert decode_text(data, "t.txt") == "   INTERVIEWEE: David\n"
