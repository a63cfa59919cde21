"""DOCX transcripts: paragraphs read as plain text, core properties as header, hostile files refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest.errors import SourceError
from ingest.transcripts.docx import parse_docx
from tests.docx_files import core_xml, document_xml, make_docx, paragraph

CORE = core_xml(
    dc_title="The rooftop",
    dc_creator="A. Transcriber",
    dc_subject="Baghdad, 1941",
    dc_description="Naomi remembers the Farhud.",
    cp_keywords="Farhud; Baghdad",
    dc_language="he",
    dcterms_created="2023-12-11T10:04:00Z",
)


def refused(data: bytes) -> SourceError:
    with pytest.raises(SourceError) as error:
        parse_docx(data, "t.docx")
    assert error.value.file == "t.docx"
    return error.value


def test_paragraphs_are_read_as_a_plain_text_transcript():
    data = make_docx(
        [
            "[00:00:00] INTERVIEWER: Where were you born?",
            "",
            "[00:00:04] NAOMI: In Baghdad,\nnear the river.",
            "[00:01:02.5] NAOMI: Then the Farhud came.",
        ]
    )
    transcript = parse_docx(data, "t.docx")
    assert transcript.source == "t.docx"
    assert [(s.start, s.end, s.speaker, s.text, s.line) for s in transcript.segments] == [
        (0.0, 4.0, "INTERVIEWER", "Where were you born?", 1),
        (4.0, 62.5, "NAOMI", "In Baghdad, near the river.", 2),
        (62.5, None, "NAOMI", "Then the Farhud came.", 4),
    ]
    assert transcript.header == {}
    assert transcript.warnings == ()


def test_core_properties_become_the_header():
    transcript = parse_docx(make_docx(["[00:00:00] A: Hello."], core=CORE), "t.docx")
    assert transcript.header == {
        "title": "The rooftop",
        "description": "Baghdad, 1941; Naomi remembers the Farhud.",
        "keywords": "Farhud; Baghdad",
        "language": "he",
        "date": "2023-12-11",
    }


def test_the_text_header_wins_over_core_properties():
    data = make_docx(
        ["Title: On the roof", "Interviewer: Ezra", "", "[00:00:00] A: Hi."], core=CORE
    )
    header = parse_docx(data, "t.docx").header
    assert (header["title"], header["interviewer"], header["language"]) == (
        "On the roof",
        "Ezra",
        "he",
    )


def test_tabs_breaks_runs_and_tables_are_read_and_properties_skipped():
    w = "w:"
    body = (
        f"<{w}p><{w}pPr><{w}tabs><{w}tab {w}val='left' {w}pos='720'/></{w}tabs></{w}pPr>"
        f"<{w}r><{w}t>[00:00:01]</{w}t><{w}tab/><{w}t>A: split</{w}t></{w}r>"
        f"<{w}r><{w}rPr><{w}b/></{w}rPr><{w}t xml:space='preserve'> across runs</{w}t></{w}r>"
        f"<{w}del><{w}r><{w}delText>deleted</{w}delText></{w}r></{w}del></{w}p>"
        f"<{w}tbl><{w}tr><{w}tc><{w}p><{w}r><{w}t>[00:00:05] B: in a table</{w}t>"
        f"<{w}cr/><{w}t>second line</{w}t></{w}r></{w}p></{w}tc></{w}tr></{w}tbl>"
        f"<{w}p/><{w}p><{w}r><{w}t>   </{w}t></{w}r></{w}p>"
    )
    transcript = parse_docx(make_docx(document=document_xml(body)), "t.docx")
    assert [(s.start, s.speaker, s.text, s.line) for s in transcript.segments] == [
        (1.0, "A", "split across runs", 1),
        (5.0, "B", "in a table second line", 2),
    ]


def test_text_box_fallback_is_not_read_twice():
    box = "<w:txbxContent><w:p><w:r><w:t>In a box.</w:t></w:r></w:p></w:txbxContent>"
    body = (
        '<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<w:r><w:t>[00:00:00] A: Before.</w:t>"
        f"<mc:AlternateContent><mc:Choice Requires='wps'>{box}</mc:Choice>"
        f"<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    transcript = parse_docx(make_docx(document=document_xml(body)), "t.docx")
    assert [s.text for s in transcript.segments] == ["Before. In a box."]


def test_hebrew_and_arabic_round_trip():
    transcript = parse_docx(make_docx(["[00:00:00] NAOMI: אמא אמרה: ماما قالت"]), "t.docx")
    assert transcript.segments[0].text == "אמא אמרה: ماما قالت"


def test_text_is_nfc():
    transcript = parse_docx(make_docx(["[00:00:00] A: Cre\u0301mieux"]), "t.docx")
    assert transcript.segments[0].text == "Crémieux"


def test_tape_markers_and_warnings_come_through():
    data = make_docx(["[00:00:00] A: one", "[TAPE 2]", "[00:00:00] A: two", "[00:00:00] A: three"])
    transcript = parse_docx(data, "t.docx")
    assert [s.part for s in transcript.segments] == [1, 2, 2]
    assert transcript.warnings == ()


def test_not_a_zip_is_refused():
    assert refused(b"PK\x03\x04 but broken").message == "not a DOCX file (not a zip archive)"
    assert refused(b"[00:00:00] A: hello").message == "not a DOCX file (not a zip archive)"


def test_zip_without_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("content.xml", "<office/>")
    assert refused(buffer.getvalue()).message == (
        "not a DOCX file (no word/document.xml in the archive)"
    )


def test_damaged_central_directory_is_refused():
    data = bytearray(make_docx(["[00:00:00] A: hi"]))
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"word/document.xml"))
    data[entry + 9] |= 0x08  # flag bit 11 (high byte of the flags): "the name is UTF-8"
    data[entry + 46] = 0xFF  # ...which the first byte of the name then is not
    assert refused(bytes(data)).message == (
        "not a DOCX file (damaged zip archive: 'utf-8' codec can't decode byte 0xff "
        "in position 0: invalid start byte)"
    )


def test_corrupt_member_is_refused():
    data = bytearray(make_docx(["[00:00:00] A: " + "words " * 200]))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 20 : start + 60] = b"\xff" * 40
    assert refused(bytes(data)).message.startswith(
        "not a DOCX file (word/document.xml cannot be read: "
    )


def test_entity_bomb_is_refused():
    prolog = (
        '<!DOCTYPE w:document [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = "<w:p><w:r><w:t>&lol2;</w:t></w:r></w:p>"
    error = refused(make_docx(document=document_xml(body, prolog)))
    assert error.message == (
        "word/document.xml declares XML entities or external references, which are refused "
        "(a DOCX from Word never does; it may be an entity bomb)"
    )


def test_entity_bomb_in_core_properties_is_refused():
    core = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    error = refused(make_docx(["[00:00:00] A: hi"], core=core))
    assert error.message.startswith("docProps/core.xml declares XML entities")


def test_malformed_document_is_refused_with_its_position():
    error = refused(make_docx(document='<w:document xmlns:w="w">\n<w:body>'))
    assert error.message == "word/document.xml is not well-formed XML (line 2, column 8)"


def test_malformed_core_properties_are_a_warning():
    transcript = parse_docx(make_docx(["[00:00:00] A: hi"], core="<core>\n<title>"), "t.docx")
    assert transcript.header == {}
    assert [(w.line, w.message) for w in transcript.warnings] == [
        (
            None,
            "docProps/core.xml is not well-formed XML (line 2, column 7); "
            "document properties ignored",
        )
    ]
    assert transcript.segments[0].text == "hi"


def test_zip_bomb_over_50_mb_is_refused():
    # Just over 51 MB of one repeated paragraph compresses to about 50 kB.
    line = paragraph("[00:00:00] A: " + "a" * 1000)
    body = line * (51 * 1024**2 // len(line) + 1)
    data = make_docx(document=document_xml(body))
    assert len(data) < 1024 * 1024
    assert refused(data).message == (
        "word/document.xml is 51.0 MB uncompressed, over the 50 MB limit (possibly a zip bomb); "
        "not read"
    )


def test_declared_size_over_50_mb_is_refused_before_reading():
    data = bytearray(make_docx(["[00:00:00] A: hi"]))
    # The uncompressed size field of the central directory entry, set to 60 MB.
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"word/document.xml"))
    data[entry + 24 : entry + 28] = (60 * 1024 * 1024).to_bytes(4, "little")
    assert refused(bytes(data)).message == (
        "word/document.xml is 60.0 MB uncompressed, over the 50 MB limit (possibly a zip bomb); "
        "not read"
    )


def test_understated_size_fails_the_crc_instead_of_reading_on():
    data = bytearray(make_docx(["[00:00:00] A: " + "a" * 5000]))
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"word/document.xml"))
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    assert refused(bytes(data)).message == (
        "not a DOCX file (word/document.xml cannot be read: "
        "Bad CRC-32 for file 'word/document.xml')"
    )
