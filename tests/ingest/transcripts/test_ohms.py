"""OHMS XML: record header, index points, legacy sync-map and WebVTT transcripts, refusals."""

from __future__ import annotations

import pytest

from ingest.errors import SourceError
from ingest.transcripts.model import TranscriptChapter, TranscriptSegment, TranscriptWarning
from ingest.transcripts.ohms import parse_ohms

NAMESPACE = "https://www.weareavp.com/nunncenter/ohms"


def ohms(body: str, *, namespace: bool = True) -> bytes:
    """An OHMS export around `body`, whose first line is line 4 of the file."""
    root = f'<ROOT xmlns="{NAMESPACE}">' if namespace else "<ROOT>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{root}\n"
        '<record id="00083325" dt="2020-02-18">\n'
        f"{body}\n"
        "</record>\n"
        "</ROOT>\n"
    ).encode()


def segments_of(transcript):
    return [(s.start, s.end, s.speaker, s.text, s.line) for s in transcript.segments]


RECORD_V6 = """<version>6.0</version>
<date value="2006-06-13" format="yyyy-mm-dd"/>
<date_nonpreferred_format>13 June 2006</date_nonpreferred_format>
<title>Oral history interview with Ronald Duarte</title>
<accession>OH0344</accession>
<collection_name>Chemical History of Electronics</collection_name>
<repository>Science History Institute</repository>
<subject>Intel Corporation</subject>
<subject>Semiconductor industry</subject>
<keywords> Pescadero ;;ranching; Intel Corporation ;</keywords>
<interviewee>Ronald Duarte</interviewee>
<interviewer>David C. Brock</interviewer>
<interviewer>Ann Smith</interviewer>
<media_url>https://example.org/duarte.mp3</media_url>
<mediafile><host>Other</host><host_clip_id/></mediafile>
<language>English</language>
<description>Growing up in &lt;i&gt;Pescadero&lt;/i&gt;.&lt;br&gt;Fishing &amp;amp; ranching.</description>
<rights>In copyright</rights>
<usage>Cite as: Ronald Duarte, 2006.</usage>
<index/>
<transcript>No transcript.</transcript>"""


def test_v6_record_fields_become_the_header():
    transcript = parse_ohms(ohms(RECORD_V6), "duarte.xml")
    assert transcript.header == {
        "title": "Oral history interview with Ronald Duarte",
        "accession": "OH0344",
        "date": "2006-06-13",
        "interviewer": "David C. Brock; Ann Smith",
        "interviewee": "Ronald Duarte",
        "language": "English",
        "keywords": "Pescadero; ranching; Intel Corporation; Semiconductor industry",
        "rights": "In copyright; Cite as: Ronald Duarte, 2006.",
        "repository": "Science History Institute",
        "collection": "Chemical History of Electronics",
        "media": "https://example.org/duarte.mp3",
        "description": "Growing up in Pescadero. Fishing & ranching.",
    }
    assert transcript.source == "duarte.xml"


def test_v4_without_namespace_reads_the_same_way():
    body = """<version>4</version>
<date value="" format="yyyy-mm-dd"/>
<date_nonpreferred_format>Spring 1978</date_nonpreferred_format>
<title>Interview with Naomi Levy</title>
<accession>1978OH001</accession>
<keyword>Baghdad</keyword>
<keyword>Farhud; Emigration</keyword>
<file_name>levy_1978.mp3</file_name>
<index><point><time>65</time><title>The Farhud</title></point></index>"""
    transcript = parse_ohms(ohms(body, namespace=False), "levy.xml")
    assert transcript.header == {
        "title": "Interview with Naomi Levy",
        "accession": "1978OH001",
        "date": "Spring 1978",
        "keywords": "Baghdad; Farhud; Emigration",
        "media": "levy_1978.mp3",
    }
    assert transcript.chapters == (TranscriptChapter(65.0, "The Farhud"),)
    assert transcript.warnings == ()


def test_unknown_date_placeholder_is_dropped_and_a_hosted_clip_is_the_media():
    body = """<date value="" format="yyyy-mm-dd"/>
<date_nonpreferred_format>Unknown Date</date_nonpreferred_format>
<title>Clip only</title>
<media_url/>
<mediafile><host>YouTube</host><host_clip_id>abc123</host_clip_id></mediafile>"""
    header = parse_ohms(ohms(body), "clip.xml").header
    assert header == {"title": "Clip only", "media": "YouTube: abc123"}


INDEX = """<title>Index only</title>
<index>
<point><time>0</time><title>Early childhood</title>
<partial_transcript>DUARTE: I'm Ron Duarte.</partial_transcript>
<synopsis>Pescadero. Azores.</synopsis>
<keywords>Azores;Pescadero; ranching;</keywords>
<subjects>Azores;California--Pescadero</subjects>
<gpspoints><gps>37.211, -122.273</gps><gps_zoom>11</gps_zoom><gps_text>Pescadero</gps_text></gpspoints>
<hyperlinks><hyperlink>https://example.org/x</hyperlink><hyperlink_text>X</hyperlink_text></hyperlinks>
</point>
<point><time>212</time><title>Growing up with Gordon Moore </title>
<partial_transcript>BROCK:  That general store?
DUARTE:  Yes.</partial_transcript>
<synopsis/><keywords/>
<gpspoints><gps/></gpspoints><gpspoints><gps>37.48, -122.23</gps></gpspoints>
</point>
<point><time>soon</time><title>Broken</title></point>
</index>
<transcript>No transcript.</transcript>"""


def test_index_points_become_chapters():
    transcript = parse_ohms(ohms(INDEX), "index.xml")
    assert transcript.chapters == (
        TranscriptChapter(
            0.0,
            "Early childhood",
            "Pescadero. Azores.",
            ("Azores", "Pescadero", "ranching", "California--Pescadero"),
            "37.211, -122.273",
        ),
        TranscriptChapter(
            212.0,
            "Growing up with Gordon Moore",
            "BROCK: That general store? DUARTE: Yes.",
            (),
            "37.48, -122.23",
        ),
    )
    assert transcript.segments == ()
    assert transcript.warnings == (
        TranscriptWarning(
            None,
            "index point 3 ('Broken') has no readable <time> ('soon'); expected seconds; skipped",
        ),
    )


# Lines 1-6 of the transcript; line 1 is line 6 of the file.
LEGACY = """<version>5.4</version>
<sync>1:|3(3)|6(1)</sync>
<transcript>BROCK: Where were you born?
DUARTE: In Pescadero, in 1930.
My grandfather kept the bar.

BROCK: And your father? DUARTE: He was the sheriff.
[END OF INTERVIEW]</transcript>"""


def test_sync_map_places_minutes_and_speaker_turns_are_interpolated():
    # Minute 1 begins at line 3, word 3 ("kept"); minute 2 at line 6, word 1.
    transcript = parse_ohms(ohms(LEGACY), "duarte.xml")
    assert segments_of(transcript) == [
        (0.0, 25.0, "BROCK", "Where were you born?", 6),
        (25.0, 60.0, "DUARTE", "In Pescadero, in 1930. My grandfather", 7),
        (60.0, 75.0, "DUARTE", "kept the bar.", 8),
        (75.0, 95.0, "BROCK", "And your father?", 10),
        (95.0, 120.0, "DUARTE", "He was the sheriff.", 10),
        (120.0, None, "DUARTE", "[END OF INTERVIEW]", 11),
    ]
    assert transcript.warnings == ()
    assert transcript.chapters == ()


def test_mixed_case_labels_start_turns_too():
    body = "<sync>1:|2(2)</sync>\n<transcript>Duarte: One two.\nBrock: Three four.</transcript>"
    transcript = parse_ohms(ohms(body), "t.xml")
    assert [(s.start, s.speaker, s.text) for s in transcript.segments] == [
        (0.0, "Duarte", "One two."),
        (60.0, "Brock", "Three four."),
    ]


def test_sync_points_past_a_line_or_backwards_are_placed_and_warned():
    body = "<sync>1:|2(9)|1(2)|x</sync>\n<transcript>one two three\nfour five</transcript>"
    transcript = parse_ohms(ohms(body), "gaps.xml")
    assert segments_of(transcript) == [(0.0, None, None, "one two three four five", 5)]
    assert [w.message for w in transcript.warnings] == [
        "sync map entries not of the form line(word): 1, first 'x'; skipped",
        "sync points past the end of their line: 1, first line 2, word 9; each put at that end",
        "sync points going back in the text: 1, first at 00:02:00; each kept at the one before",
    ]


def test_without_a_sync_map_turns_and_paragraphs_start_at_zero():
    body = """<transcript>Q: Where were you born?
A: In Baghdad.
It was a big house.

The river was near.</transcript>"""
    transcript = parse_ohms(ohms(body, namespace=False), "levy.xml")
    assert segments_of(transcript) == [
        (0.0, 0.0, "Q", "Where were you born?", 4),
        (0.0, 0.0, "A", "In Baghdad. It was a big house.", 5),
        (0.0, None, "A", "The river was near.", 8),
    ]
    assert transcript.warnings == (
        TranscriptWarning(
            None, "no sync map: the transcript has no timings; every segment starts at 0:00"
        ),
    )


def test_footnotes_and_viewer_stamps_are_not_speech():
    body = """<transcript>Q: He read Pauling.[[footnote]]1[[/footnote]] {00:01:00}Then he left.

[[footnotes]]
[[note]]Linus Pauling, The Nature of the Chemical Bond.[[/note]]
[[/footnotes]]</transcript>"""
    transcript = parse_ohms(ohms(body), "t.xml")
    assert segments_of(transcript) == [(0.0, None, "Q", "He read Pauling.[1] Then he left.", 4)]


def test_html_in_the_transcript_becomes_plain_text():
    body = "<transcript>Q: It was &lt;b&gt;big&lt;/b&gt; &amp;amp; old.&lt;br&gt;Yes &amp;quot;old&amp;quot;.</transcript>"
    transcript = parse_ohms(ohms(body), "t.xml")
    assert transcript.segments[0].text == 'It was big & old. Yes "old".'


def test_text_is_nfc_and_right_to_left_scripts_are_kept():
    body = "<title>Cre\u0301mieux</title>\n<transcript>נעמי: אמא אמרה: ماما قالت</transcript>"
    transcript = parse_ohms(ohms(body), "t.xml")
    assert transcript.header["title"] == "Crémieux"
    assert transcript.segments[0].text == "נעמי: אמא אמרה: ماما قالت"


# The WebVTT text begins on line 5 of the file, so its line 6 is line 10 of the file.
VTT = """<version>6.0</version>
<vtt_transcript><![CDATA[WEBVTT

NOTE
TRANSCRIPTION BEGIN

00:00:04.000 --> 00:00:29.000
<v SCHNEIDER>   Okay. So today is Wednesday.

00:00:29.000 --> 00:00:31.500
<v CHAPPELEAR>   Burnet.<br><br>I was born in 1931 &amp; <i>raised</i> there.

00:00:31.500 --> 00:01:31.000
At one point we went to California.

01:01:22.000 --> 00:00:00.000
<v SCHNEIDER>  Thank you.

NOTE
TRANSCRIPTION END
]]></vtt_transcript>"""


def test_webvtt_inside_the_xml_gives_cues_and_voices():
    transcript = parse_ohms(ohms(VTT), "chappelear.xml")
    assert segments_of(transcript) == [
        (4.0, 29.0, "SCHNEIDER", "Okay. So today is Wednesday.", 10),
        (29.0, 31.5, "CHAPPELEAR", "Burnet. I was born in 1931 & raised there.", 13),
        # OHMS marks the voice only where a turn begins: the cue continues CHAPPELEAR.
        (31.5, 91.0, "CHAPPELEAR", "At one point we went to California.", 16),
        (3682.0, None, "SCHNEIDER", "Thank you.", 19),
    ]
    assert transcript.warnings == (
        TranscriptWarning(19, "cue ends before it starts (0s < 3682s); end left open"),
    )


def test_webvtt_in_the_transcript_element_is_read_as_webvtt():
    body = "<transcript>WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n&lt;v Q&gt;Hello.\n</transcript>"
    transcript = parse_ohms(ohms(body, namespace=False), "t.xml")
    assert transcript.segments == (TranscriptSegment(1.0, 2.0, "Q", "Hello.", 6),)


def test_webvtt_wins_over_a_legacy_transcript_with_a_warning():
    body = VTT + "\n<transcript>Q: Old text.</transcript>"
    transcript = parse_ohms(ohms(body), "t.xml")
    assert [s.text for s in transcript.segments][:1] == ["Okay. So today is Wednesday."]
    assert transcript.warnings[0] == TranscriptWarning(
        None, "both <vtt_transcript> and <transcript> hold text; used the WebVTT"
    )


def test_no_transcript_and_no_index_is_a_header_with_a_warning():
    body = """<version>5.4</version><title>Oral history interview with Hubert N. Alyea</title>
<sync></sync><index></index><transcript>No transcript.</transcript><transcript_alt/>"""
    transcript = parse_ohms(ohms(body), "empty.xml")
    assert transcript.header == {"title": "Oral history interview with Hubert N. Alyea"}
    assert transcript.segments == ()
    assert transcript.chapters == ()
    assert transcript.warnings == (TranscriptWarning(None, "no transcript and no index points"),)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE ROOT [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ROOT><record><title>&lol9;</title></record></ROOT>
"""


def test_entity_bomb_is_refused_not_expanded():
    with pytest.raises(SourceError) as error:
        parse_ohms(BILLION_LAUGHS, "bomb.xml")
    assert error.value.message.startswith("refused: the XML declares entities")
    assert "lollol" not in error.value.message
    assert (error.value.file, error.value.line) == ("bomb.xml", 3)


def test_external_entity_is_refused_and_the_file_not_read():
    document = b"""<?xml version="1.0"?>
<!DOCTYPE ROOT [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<ROOT><record><title>&x;</title></record></ROOT>
"""
    with pytest.raises(SourceError) as error:
        parse_ohms(document, "passwd.xml")
    assert error.value.message.startswith("refused: the XML declares entities")
    assert "root:" not in error.value.message
    assert (error.value.file, error.value.line) == ("passwd.xml", 2)


def test_malformed_xml_names_file_line_and_what_was_expected():
    document = b'<?xml version="1.0"?>\n<ROOT>\n<record>\n<title>Unclosed\n</record>\n</ROOT>\n'
    with pytest.raises(SourceError) as error:
        parse_ohms(document, "broken.xml")
    assert (error.value.file, error.value.line) == ("broken.xml", 5)
    assert error.value.message == (
        "not well-formed XML (line 5, column 3): mismatched tag; "
        "expected the closing tag of the element opened before it"
    )


def test_xml_that_is_not_ohms_is_refused():
    with pytest.raises(SourceError) as error:
        parse_ohms(b"<html><body/></html>", "page.xml")
    assert error.value.file == "page.xml"
    assert error.value.message == (
        "no <record> element; expected an OHMS export (<ROOT><record>...)"
    )
