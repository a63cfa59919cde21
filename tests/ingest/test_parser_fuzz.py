"""Every transcript parser, fed generated hostile and near-valid files: each either
returns a transcript the pipeline can store or raises SourceError naming the file
and what was wrong; no other exception escapes."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.errors import SourceError
from ingest.transcripts import PARSERS, ParsedTranscript, read_transcript
from ingest.transcripts.docx import parse_docx
from ingest.transcripts.ohms import parse_ohms
from ingest.transcripts.plaintext import parse_plain_text_bytes
from ingest.transcripts.srt import parse_srt
from ingest.transcripts.webvtt import parse_webvtt
from tests.docx_files import make_docx
from tests.ingest.fuzz_inputs import (
    any_transcript,
    docx_files,
    encoded,
    ohms_xml,
    plain_text,
    srt_text,
    webvtt_text,
)

FUZZ = settings(max_examples=300, deadline=None)


def storable(text: str | None) -> bool:
    """Text SQLite and the index can hold: no NUL, no lone surrogate."""
    if text is None:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def parse_or_refuse(parser, data: bytes, name: str) -> ParsedTranscript | None:
    """The transcript, checked usable, or None after checking the refusal is clear."""
    try:
        transcript = parser(data, name)
    except SourceError as error:
        assert error.message.strip() and str(error) == error.message
        assert error.file == name
        assert error.line is None or error.line >= 1
        return None
    assert transcript.source == name
    for segment in transcript.segments:
        assert math.isfinite(segment.start) and segment.start >= 0, segment
        assert segment.end is None or segment.start <= segment.end < math.inf, segment
        assert segment.text.strip() and storable(segment.text), segment
        assert storable(segment.speaker) and segment.part >= 1, segment
        assert segment.line is None or segment.line >= 1, segment
    for chapter in transcript.chapters:
        assert math.isfinite(chapter.start) and chapter.start >= 0, chapter
        assert storable(chapter.title) and storable(chapter.synopsis), chapter
    for warning in transcript.warnings:
        assert warning.message.strip() and (warning.line is None or warning.line >= 1)
    assert all(storable(key) and storable(value) for key, value in transcript.header.items())
    return transcript


@pytest.mark.parametrize("suffix", sorted(PARSERS))
@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes_are_parsed_or_refused(suffix, data):
    parse_or_refuse(PARSERS[suffix], data, f"random{suffix}")


@FUZZ
@given(data=plain_text().flatmap(encoded))
def test_plain_text(data):
    parse_or_refuse(parse_plain_text_bytes, data, "tape.txt")


HUGE_HOURS = "9" * 400 + ":00:00"


@FUZZ
@given(data=webvtt_text().flatmap(encoded))
# Found by test_srt: hours past a float's range raised OverflowError.
@example(data=f"WEBVTT\n\n00:00:00.000 --> {HUGE_HOURS}.000\nHello.\n".encode())
def test_webvtt(data):
    parse_or_refuse(parse_webvtt, data, "captions.vtt")


@FUZZ
@given(data=srt_text().flatmap(encoded))
# Found by this test: hours past a float's range raised OverflowError.
@example(data=f"1\n00:00:00,000-->{HUGE_HOURS},000".encode())
def test_srt(data):
    parse_or_refuse(parse_srt, data, "subtitles.srt")


def ohms_record(body: str) -> bytes:
    return f"<ROOT><record>{body}</record></ROOT>".encode()


LEGACY = "<transcript>NAOMI: We left.\nIn the spring.</transcript>"


@FUZZ
@given(data=ohms_xml())
# Found by this test: expat's ValueError for an encoding it cannot read escaped.
@example(data=b'<?xml version="1.0" encoding="UTF-32"?>\n<ROOT><record/></ROOT>')
@example(data=b'<?xml version="1.0" encoding="bogus"?>\n<ROOT><record/></ROOT>')
# Found by this test: an index time past a float's range became an infinite chapter
# start, and without a title, an OverflowError formatting it.
@example(
    data=ohms_record(f"<index><point><time>{'9' * 400}</time><title>T</title></point></index>")
)
@example(data=ohms_record(f"<index><point><time>{'9' * 400}</time></point></index>"))
# Found by this test: sync map numbers past int()'s digit limit or a float's range,
# and digits int() does not read, raised ValueError and OverflowError.
@example(data=ohms_record(f"<sync>{'9' * 400}:|1(1)</sync>{LEGACY}"))
@example(data=ohms_record(f"<sync>1:|{'9' * 5000}(1)</sync>{LEGACY}"))
@example(data=ohms_record(f"<sync>²:|1(1)</sync>{LEGACY}"))
# Hours past a float's range in the WebVTT transcript (see test_srt).
@example(
    data=ohms_record(
        f"<vtt_transcript>WEBVTT\n\n{HUGE_HOURS}.000 --> 00:00:01.000\nX</vtt_transcript>"
    )
)
def test_ohms(data):
    parse_or_refuse(parse_ohms, data, "export.xml")


@FUZZ
@given(data=docx_files())
# Found by test_ohms: the same ValueError and LookupError escaped from document.xml.
@example(data=make_docx(document='<?xml version="1.0" encoding="UTF-32"?><w:document/>'))
@example(data=make_docx(document='<?xml version="1.0" encoding="bogus"?><w:document/>'))
def test_docx(data):
    parse_or_refuse(parse_docx, data, "interview.docx")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-files")


@FUZZ
@given(
    data=any_transcript(),
    suffix=st.sampled_from([*PARSERS, ".VTT", ".Docx", ".pdf", "", ".txt.gz"]),
)
def test_read_transcript_on_any_file(folder, data, suffix):
    path = folder / f"transcript{suffix}"
    path.write_bytes(data)
    parse_or_refuse(lambda _data, name: read_transcript(path, name), data, path.name)


def test_read_transcript_of_a_folder_is_refused(folder):
    (folder / "folder.vtt").mkdir(exist_ok=True)
    refused = parse_or_refuse(
        lambda _data, name: read_transcript(folder / name, name), b"", "folder.vtt"
    )
    assert refused is None
