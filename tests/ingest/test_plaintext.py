"""Plain-text transcripts: header, speaker turns, timecodes."""

from __future__ import annotations

import pytest

from archive.access import Asker
from archive.testimonies.queries import get_testimony
from ingest.errors import SourceError
from ingest.pipeline import run_ingest
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.model import TranscriptWarning
from ingest.transcripts.plaintext import MALFORMED_WARNINGS, parse_plain_text
from tests.collections import TRANSCRIPTS, make_collection
from tests.conftest import TODAY, initialised

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


MALFORMED = """[00:00:00] MIRIAM: We left [00:99:xx] in the night.
[00:00:05] MIRIAM: Then [laughs] in [1948], [sic: 3] and {1:30} we walked.
[00:01:3O] EZRA: It was late [00:01:30.12345].
[00:00:09] EZRA: Morning.
"""


def test_a_malformed_timecode_is_a_warning_with_its_line_and_not_text():
    transcript = parse_plain_text(MALFORMED, "t.txt")
    assert [(w.line, w.message.split(" is not")[0]) for w in transcript.warnings] == [
        (1, "[00:99:xx]"),
        (2, "{1:30}"),
        (3, "[00:01:3O]"),
        (3, "[00:01:30.12345]"),
    ]
    assert "expected [hh:mm:ss] with minutes and seconds from 00 to 59" in (
        transcript.warnings[0].message
    )
    assert [(s.start, s.speaker, s.text) for s in transcript.segments] == [
        (0.0, "MIRIAM", "We left in the night."),
        (5.0, "MIRIAM", "Then [laughs] in [1948], [sic: 3] and we walked."),
        (5.0, "EZRA", "It was late."),  # a new speaker, no new time: the turn splits
        (9.0, "EZRA", "Morning."),
    ]


def test_brackets_that_are_words_are_not_timecodes():
    text = "[00:00:00] A: [laughs] [1948] [sic: 3] [Q1] [2:x] {note} [ab:cd] [00:00:01.5]\n"
    transcript = parse_plain_text(text, "t.txt")
    assert transcript.warnings == ()
    assert transcript.segments[0].text == "[laughs] [1948] [sic: 3] [Q1] [2:x] {note} [ab:cd]"


def test_many_malformed_timecodes_are_counted_after_the_first_twenty():
    lines = "".join(f"[00:00:{n:02d}] A: word [0{n}:7O:00] more\n" for n in range(50))
    transcript = parse_plain_text(lines, "t.txt")
    assert len(transcript.warnings) == MALFORMED_WARNINGS + 1
    assert [w.line for w in transcript.warnings[:MALFORMED_WARNINGS]] == list(range(1, 21))
    assert transcript.warnings[-1] == TranscriptWarning(
        21,
        "30 more malformed timecodes like the ones above, from this line to line 50: "
        "left out of the text",
    )
    assert all(s.text == "word more" for s in transcript.segments)


def test_ingest_reports_a_malformed_timecode_with_file_and_line(tmp_path, empty_settings):
    transcripts = dict(TRANSCRIPTS)
    transcripts["transcripts/T-1.txt"] = transcripts["transcripts/T-1.txt"].replace(
        "[00:00:07] MIRIAM:", "[00:00:07] MIRIAM: [00:00:1O]"
    )
    folder = make_collection(tmp_path / "c", transcripts=transcripts)
    sessions = initialised(empty_settings)
    report = run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir)
    assert [(p.severity, p.item, p.file, p.line) for p in report.problems] == [
        ("warning", "T-1", "transcripts/T-1.txt", 5)
    ]
    assert report.problems[0].message.startswith("[00:00:1O] is not a timecode")
    with sessions() as session:
        texts = [
            s.text for s in get_testimony(session, "T-1", asker=Asker.staff_member(TODAY)).segments
        ]
    assert "In November 1945 the riots came and my uncle hid us." in texts
    assert not any("1O" in text for text in texts)
