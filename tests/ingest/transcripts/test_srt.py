"""SubRip subtitles: blocks, timings, tags, speaker labels, and every warning and error."""

from __future__ import annotations

import pytest

from ingest.errors import SourceError
from ingest.transcripts.model import TranscriptSegment
from ingest.transcripts.srt import parse_srt

SUBTITLES = """1
00:00:01,000 --> 00:00:04,500
MIRIAM: Where were you born?

2
00:00:04.500 --> 00:00:09,000 X1:100 X2:600 Y1:50 Y2:90
NAOMI: <i>In Baghdad,</i>
<font color="#ffff00">near the river.</font>

3
01:02:03,250 --> 01:02:07,000
{\\an8}<b>It was</b> a <u>big</u> house.
"""


def parse(text: str):
    return parse_srt(text.encode(), "naomi.srt")


def messages(transcript):
    return [(w.line, w.message) for w in transcript.warnings]


def test_blocks_become_segments_with_speaker_timing_and_line():
    transcript = parse(SUBTITLES)
    assert transcript.source == "naomi.srt"
    assert transcript.header == {}
    assert transcript.segments == (
        TranscriptSegment(1.0, 4.5, "MIRIAM", "Where were you born?", 2),
        TranscriptSegment(4.5, 9.0, "NAOMI", "In Baghdad, near the river.", 6),
        TranscriptSegment(3723.25, 3727.0, None, "It was a big house.", 11),
    )
    assert transcript.warnings == ()


def test_dialogue_dashes_and_lowercase_labels_are_not_speakers():
    transcript = parse(
        "1\n00:00:01,000 --> 00:00:02,000\n- Tea?\n- Not hot.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nNaomi: hello\n"
    )
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        (None, "- Tea? - Not hot."),
        (None, "Naomi: hello"),
    ]


def test_bad_or_missing_index_numbers_are_tolerated():
    transcript = parse(
        "7a\n00:00:01,000 --> 00:00:02,000\nOne.\n\n"
        "00:00:02,000 --> 00:00:03,000\nTwo.\n\n"
        "1\n00:00:03,000 --> 00:00:04,000\nThree.\n"
    )
    assert [(s.text, s.line) for s in transcript.segments] == [
        ("One.", 2),
        ("Two.", 5),
        ("Three.", 9),
    ]
    assert transcript.warnings == ()


def test_lines_of_spaces_separate_blocks():
    transcript = parse(
        "1\n00:00:01,000 --> 00:00:02,000\nOne.\n \t \nNot part of one.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nTwo.\n"
    )
    assert [s.text for s in transcript.segments] == ["One.", "Two."]
    assert messages(transcript) == [
        (5, "text without a subtitle timing skipped: 'Not part of one.'")
    ]


def test_missing_blank_line_drops_the_next_index_from_the_text():
    transcript = parse(
        "1\n00:00:01,000 --> 00:00:02,000\nOne.\n2\n00:00:02,000 --> 00:00:03,000\nTwo.\n"
    )
    assert [(s.text, s.line) for s in transcript.segments] == [("One.", 2), ("Two.", 5)]


def test_only_subrip_tags_are_markup_and_entities_are_decoded():
    transcript = parse(
        "1\n00:00:01,000 --> 00:00:02,000\n<I>2 < 3</I> and <3, &lt;b&gt; &amp; AT&T <br>\n"
    )
    assert transcript.segments[0].text == "2 < 3 and <3, <b> & AT&T <br>"


def test_hebrew_and_arabic_are_kept_exactly():
    transcript = parse("1\n00:00:01,000 --> 00:00:02,000\nאמא אמרה:\nماما قالت\n")
    assert transcript.segments[0].text == "אמא אמרה: ماما قالت"


def test_bom_crlf_and_decomposed_accents_are_handled():
    data = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nCre\u0301mieux\r\n\r\n".encode()
    transcript = parse_srt(data, "c.srt")
    assert transcript.segments == (TranscriptSegment(1.0, 2.0, None, "Crémieux", 2),)


def test_utf16_with_bom_is_read():
    data = "1\n00:00:01,000 --> 00:00:02,000\nDAVID: שלום\n".encode("utf-16")
    transcript = parse_srt(data, "u.srt")
    assert [(s.speaker, s.text) for s in transcript.segments] == [("DAVID", "שלום")]


def test_malformed_timing_skips_only_that_subtitle():
    transcript = parse(
        "1\n00:00:01,000 --> 00:00:02,000\nKept.\n\n"
        "2\n00:00:07,000 --> 00:00:11:890\nLost.\nAlso lost.\n\n"
        "3\n00:00:12,000 --> 00:00:13,000\nAlso kept.\n"
    )
    assert [s.text for s in transcript.segments] == ["Kept.", "Also kept."]
    assert messages(transcript) == [
        (
            6,
            "cannot read the subtitle timing '00:00:07,000 --> 00:00:11:890'; "
            "expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm'; subtitle skipped",
        )
    ]


def test_subtitle_ending_before_it_starts_is_skipped():
    transcript = parse(
        "1\n00:00:02,000 --> 00:00:01,500\nLost.\n\n2\n00:00:03,000 --> 00:00:04,000\nKept.\n"
    )
    assert [s.text for s in transcript.segments] == ["Kept."]
    assert messages(transcript) == [
        (2, "subtitle ends before it starts (1.5s < 2s); subtitle skipped")
    ]


def test_subtitle_without_text_is_skipped():
    transcript = parse(
        "1\n00:00:01,000 --> 00:00:02,000\n\n\n2\n00:00:02,000 --> 00:00:03,000\nNAOMI:\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nKept.\n"
    )
    assert [s.text for s in transcript.segments] == ["Kept."]
    assert messages(transcript) == [
        (2, "subtitle has no text; subtitle skipped"),
        (6, "subtitle has no text; subtitle skipped"),
    ]


def test_text_without_a_timing_is_skipped_with_a_warning():
    transcript = parse(
        "1\n00:00:01,000 --> 00:00:02,000\nKept.\n\n2\nLost words.\n\n"
        "stray\nmore stray\n3\n00:00:03,000 --> 00:00:04,000\nAlso kept.\n"
    )
    assert [(s.text, s.line) for s in transcript.segments] == [("Kept.", 2), ("Also kept.", 11)]
    assert messages(transcript) == [
        (5, "text without a subtitle timing skipped: '2 Lost words.'"),
        (8, "text without a subtitle timing skipped: 'stray more stray'"),
    ]


def test_backwards_timing_is_a_warning_and_the_subtitle_is_kept():
    transcript = parse(
        "1\n00:00:10,000 --> 00:00:12,000\nOne.\n\n2\n00:00:05,000 --> 00:00:06,000\nTwo.\n"
    )
    assert [s.text for s in transcript.segments] == ["One.", "Two."]
    assert messages(transcript) == [(6, "timecode goes backwards (5s after 10s)")]


@pytest.mark.parametrize("text", ["", "\n\n", "just some words\n"])
def test_no_subtitles_is_an_error(text):
    with pytest.raises(SourceError) as error:
        parse(text)
    assert error.value.file == "naomi.srt"
    assert error.value.message.startswith("no subtitles")


def test_empty_file_says_what_was_expected():
    with pytest.raises(SourceError) as error:
        parse("")
    assert (error.value.line, error.value.message) == (
        None,
        "no subtitles: expected blocks starting with a timing line 'hh:mm:ss,mmm --> hh:mm:ss,mmm'",
    )


def test_no_usable_subtitle_is_an_error_naming_the_first_problem():
    with pytest.raises(SourceError) as error:
        parse("1\n00:00:0x,000 --> 00:00:02,000\nLost.\n\n2\nNo timing.\n")
    assert (error.value.file, error.value.line) == ("naomi.srt", 2)
    assert error.value.message == (
        "no subtitles could be used; first problem of 2: cannot read the subtitle timing "
        "'00:00:0x,000 --> 00:00:02,000'; expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm'; subtitle skipped"
    )
