"""Plain-text transcripts: header, speaker turns, timecodes."""

from __future__ import annotations

import pytest

from ingest.errors import SourceError
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.plaintext import parse_plain_text

TEXT = """Title: The rooftop
Language: en

[00:00:00] INTERVIEWER: Where were you born?
[00:00:04] NAOMI: In Baghdad, near the river.
It was a big house.
[00:01:02.5] NAOMI: Then the Farhud came. [00:01:10] We hid upstairs.
"""


def test_header_turns_and_timecodes():
    transcript = parse_plain_text(TEXT, "t.txt")
    assert transcript.header == {"title": "The rooftop", "language": "en"}
    assert [(s.start, s.end, s.speaker) for s in transcript.segments] == [
        (0.0, 4.0, "INTERVIEWER"),
        (4.0, 62.5, "NAOMI"),
        (62.5, 70.0, "NAOMI"),
        (70.0, None, "NAOMI"),
    ]
    assert transcript.segments[1].text == "In Baghdad, near the river. It was a big house."
    assert transcript.segments[1].line == 5
    assert transcript.warnings == ()


def test_without_header_the_first_line_is_a_turn():
    transcript = parse_plain_text("[00:00:05] EZRA: Hello.\n", "t.txt")
    assert transcript.header == {}
    assert transcript.segments[0].start == 5.0


def test_backwards_timecodes_are_warned_with_their_line():
    transcript = parse_plain_text("[00:00:10] A: one\n[00:00:05] A: two\n", "t.txt")
    assert [(w.line, w.message) for w in transcript.warnings] == [
        (2, "timecode goes backwards (5s after 10s)")
    ]


def test_no_timecodes_is_a_warning_not_a_failure():
    transcript = parse_plain_text("Just some words.\n\nAnd more.\n", "t.txt")
    assert len(transcript.segments) == 1
    assert "no [hh:mm:ss] timecodes" in transcript.warnings[0].message


def test_hebrew_and_arabic_are_kept_intact():
    text = "[00:00:00] NAOMI: אמא אמרה: ماما قالت\n"
    assert parse_plain_text(text, "t.txt").segments[0].text == "אמא אמרה: ماما قالت"


def test_bom_is_dropped_and_text_is_nfc():
    decoded = decode_text("\ufeffCre\u0301mieux".encode(), "t.txt")
    assert decoded == "Crémieux"


def test_windows_1252_is_read_when_not_utf8():
    decoded = decode_text(b"[00:00:00] A: fine\n[00:00:01] A: caf\xe9 \x93cr\xe8me\x94\n", "t.txt")
    assert decoded == "[00:00:00] A: fine\n[00:00:01] A: café “crème”\n"


def test_neither_utf8_nor_windows_1252_names_file_and_line():
    with pytest.raises(SourceError) as error:
        decode_text(b"[00:00:00] A: fine\n[00:00:01] A: caf\x81\n", "t.txt")
    assert (error.value.file, error.value.line) == ("t.txt", 2)
    assert "not valid UTF-8" in error.value.message
