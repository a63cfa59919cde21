"""WebVTT captions: header, cues, voices, markup, and every warning and error."""

from __future__ import annotations

import pytest

from ingest.errors import SourceError
from ingest.transcripts.model import TranscriptSegment
from ingest.transcripts.webvtt import parse_webvtt

CAPTIONS = """WEBVTT - Interviews of the Baghdad collection
Kind: captions
Language: en
Title: The rooftop

interviewer-1
00:00:01.000 --> 00:00:04.500 align:start position:10% line:0
<v Miriam Cohen>Where were you born?</v>

00:04.500 --> 00:09.000
<v.loud Naomi>In Baghdad,
near the river.</v>

3
01:02:03.250 --> 01:02:07.000 region:fred
<v Naomi>It was a big house.

01:02:07.000 --> 01:02:08.000
We had a garden.
"""


def parse(text: str):
    return parse_webvtt(text.encode(), "naomi.vtt")


def messages(transcript):
    return [(w.line, w.message) for w in transcript.warnings]


def test_cues_become_segments_with_voice_timing_and_line():
    transcript = parse(CAPTIONS)
    assert transcript.source == "naomi.vtt"
    assert transcript.segments == (
        TranscriptSegment(1.0, 4.5, "Miriam Cohen", "Where were you born?", 7),
        TranscriptSegment(4.5, 9.0, "Naomi", "In Baghdad, near the river.", 10),
        TranscriptSegment(3723.25, 3727.0, "Naomi", "It was a big house.", 15),
        TranscriptSegment(3727.0, 3728.0, None, "We had a garden.", 18),
    )
    assert transcript.warnings == ()


def test_header_keeps_the_archive_keys_only():
    assert parse(CAPTIONS).header == {"language": "en", "title": "The rooftop"}


def test_consecutive_cues_of_one_speaker_stay_separate():
    transcript = parse(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ezra>One.\n\n00:02.000 --> 00:03.000\n<v Ezra>Two.\n"
    )
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Ezra", "One."),
        ("Ezra", "Two."),
    ]


def test_first_voice_of_a_cue_is_the_speaker():
    transcript = parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ezra>Yes.</v> <v Dalia>No.</v>\n")
    assert (transcript.segments[0].speaker, transcript.segments[0].text) == ("Ezra", "Yes. No.")


def test_note_style_and_region_blocks_are_not_cues():
    transcript = parse(
        "WEBVTT\n\nNOTE made by hand\n\nSTYLE\n::cue { color: papayawhip; }\n\n"
        "REGION\nid:fred\nwidth:40%\n\nNOTE\ntwo lines\nof remarks\n\n"
        "00:01.000 --> 00:02.000\nHello.\n\nNOTE a remark between cues\n\n"
        "00:02.000 --> 00:03.000\nGoodbye.\n"
    )
    assert [s.text for s in transcript.segments] == ["Hello.", "Goodbye."]
    assert transcript.header == {}
    assert transcript.warnings == ()


def test_notes_before_the_first_cue_feed_the_header():
    transcript = parse(
        "WEBVTT\nKeywords: Farhud\n\nNOTE Interviewer: Miriam Cohen\n\n"
        "NOTE\nDate: 1998-05-04\nKeywords: river\nsome words: not a key\n\n"
        "00:01.000 --> 00:02.000\nHello.\n\nNOTE\nSummary: a remark on the cue above\n"
    )
    assert transcript.header == {
        "keywords": "Farhud; river",
        "interviewer": "Miriam Cohen",
        "date": "1998-05-04",
    }


def test_tags_are_stripped_and_entities_decoded():
    transcript = parse(
        "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n"
        "<c.yellow>Tom &amp; Jerry</c> <i>said</i> <b>1 &lt; 2</b> &gt; <u>0</u>,"
        " <ruby>漢<rt>kan</rt></ruby> <lang he>שלום</lang> <00:00:02.000>then&nbsp;left\n"
        "&lt;i&gt; stays text, and so does AT&T\n"
    )
    assert transcript.segments[0].text == (
        "Tom & Jerry said 1 < 2 > 0, 漢kan שלום then\u00a0left <i> stays text, and so does AT&T"
    )


def test_hebrew_and_arabic_are_kept_exactly_with_their_marks():
    transcript = parse(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v נעמי>&rlm;אמא אמרה: ماما قالت&lrm; (1941)\n"
    )
    segment = transcript.segments[0]
    assert segment.speaker == "נעמי"
    assert segment.text == "\u200fאמא אמרה: ماما قالت\u200e (1941)"


def test_bom_crlf_and_decomposed_accents_are_handled():
    data = "\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nCre\u0301mieux\r\nsaid so\r\n".encode()
    transcript = parse_webvtt(data, "c.vtt")
    assert transcript.segments == (TranscriptSegment(1.0, 2.0, None, "Crémieux said so", 3),)


def test_utf16_with_bom_is_read():
    data = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v דוד>שלום\n".encode("utf-16")
    transcript = parse_webvtt(data, "u.vtt")
    assert [(s.speaker, s.text) for s in transcript.segments] == [("דוד", "שלום")]


def test_a_timing_line_without_a_blank_line_before_it_starts_a_new_cue():
    transcript = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n00:02.000 --> 00:03.000\nTwo.\n")
    assert [(s.text, s.line) for s in transcript.segments] == [("One.", 3), ("Two.", 5)]


def test_missing_signature_names_file_line_and_expectation():
    with pytest.raises(SourceError) as error:
        parse("00:01.000 --> 00:02.000\nHello.\n")
    assert (error.value.file, error.value.line) == ("naomi.vtt", 1)
    assert error.value.message == (
        "expected 'WEBVTT' at the start of the first line of a WebVTT file; "
        "found '00:01.000 --> 00:02.000'"
    )


@pytest.mark.parametrize("first_line", ["WEBVTTX", "webvtt", " WEBVTT"])
def test_signature_must_be_exact(first_line):
    with pytest.raises(SourceError) as error:
        parse(f"{first_line}\n\n00:01.000 --> 00:02.000\nHello.\n")
    assert error.value.line == 1


def test_empty_file_is_refused():
    with pytest.raises(SourceError) as error:
        parse_webvtt(b"", "empty.vtt")
    assert error.value.message == (
        "expected 'WEBVTT' at the start of the first line of a WebVTT file; the file is empty"
    )


def test_no_cues_is_an_error():
    with pytest.raises(SourceError) as error:
        parse("WEBVTT\nLanguage: en\n\nNOTE nothing yet\n")
    assert (error.value.file, error.value.line) == ("naomi.vtt", None)
    assert error.value.message == (
        "no cues: expected blocks starting with a timing line 'hh:mm:ss.ttt --> hh:mm:ss.ttt'"
    )


def test_no_usable_cue_is_an_error_naming_the_first_problem():
    with pytest.raises(SourceError) as error:
        parse("WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nHello.\n\n00:03.000 --> 00:04.000\n")
    assert (error.value.file, error.value.line) == ("naomi.vtt", 3)
    assert error.value.message == (
        "no cues could be used; first problem of 2: cannot read the cue timing "
        "'00:00:0x.000 --> 00:00:02.000'; expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt'; cue skipped"
    )


@pytest.mark.parametrize(
    "timing",
    [
        "00:00:0x.000 --> 00:00:02.000",
        "-00:00:01.000 --> 00:00:02.000",
        "00:61.000 --> 01:02.000",
        "00:00:01.000 -> 00:00:02.000 -->",
        "00:00:01.000 --> ",
    ],
)
def test_malformed_timing_skips_only_that_cue(timing):
    transcript = parse(f"WEBVTT\n\n{timing}\nLost.\n\n00:05.000 --> 00:06.000\nKept.\n")
    assert [s.text for s in transcript.segments] == ["Kept."]
    assert messages(transcript) == [
        (
            3,
            f"cannot read the cue timing {timing.strip()!r}; "
            "expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt'; cue skipped",
        )
    ]


def test_cue_ending_before_it_starts_is_skipped():
    transcript = parse(
        "WEBVTT\n\n01:00:00.000 --> 00:59:59.999\nLost.\n\n00:00:01.000 --> 00:00:01.000\nKept.\n"
    )
    assert [(s.start, s.end, s.text) for s in transcript.segments] == [(1.0, 1.0, "Kept.")]
    assert messages(transcript) == [
        (3, "cue ends before it starts (3599.999s < 3600s); cue skipped")
    ]


def test_cue_without_text_is_skipped():
    transcript = parse(
        "WEBVTT\n\n1\n00:01.000 --> 00:02.000\n\n00:03.000 --> 00:04.000\n<i></i>\n\n"
        "00:05.000 --> 00:06.000\nKept.\n"
    )
    assert [s.text for s in transcript.segments] == ["Kept."]
    assert messages(transcript) == [
        (4, "cue has no text; cue skipped"),
        (6, "cue has no text; cue skipped"),
    ]


def test_text_without_a_timing_is_skipped_with_a_warning():
    transcript = parse(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nKept.\n\nThese words lost\ntheir timing line.\n"
    )
    assert [s.text for s in transcript.segments] == ["Kept."]
    assert messages(transcript) == [
        (6, "text without a cue timing skipped: 'These words lost their timing line.'")
    ]


def test_backwards_timing_is_a_warning_and_the_cue_is_kept():
    transcript = parse("WEBVTT\n\n00:10.000 --> 00:12.000\nOne.\n\n00:05.000 --> 00:06.000\nTwo.\n")
    assert [s.text for s in transcript.segments] == ["One.", "Two."]
    assert messages(transcript) == [(6, "timecode goes backwards (5s after 10s)")]
