"""One recording part of a testimony as an OHMS XML file, laid out as OHMS 6
exports it (`<ROOT><record>`, index points, the transcript as WebVTT in
`<vtt_transcript>`), so OHMS and our own importer (`ingest/transcripts/ohms.py`)
read back the same segments, chapters and keywords.

OHMS text fields hold HTML, so every value is HTML-escaped before it is
XML-escaped: "AT&T" or a literal "<b>" in a transcript come back as written.
Each cue is a sync point to the millisecond; the legacy `<transcript>` with its
minute-by-minute `<sync>` map would lose segment boundaries and times.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import PurePath
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from archive.testimonies.records import ChapterRecord, SegmentRecord, TestimonyRecord
from archive.timecodes import clock, vtt_timestamp
from archive.vocabularies.languages import language_name

OHMS_NS = "https://www.weareavp.com/nunncenter/ohms"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# XML 1.0 cannot hold these characters at all, escaped or not.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Stands in the tree for the CDATA section ElementTree cannot write; no text can
# produce it, since "<" in text is always escaped.
CDATA_MARK = "testimony-cdata"


def as_ohms_xml(record: TestimonyRecord, part: int = 1, *, exported: date) -> bytes:
    """The part's record, index points and transcript; `exported` dates the record."""
    root = Element(
        "ROOT",
        {
            "xmlns": OHMS_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{OHMS_NS} {OHMS_NS}/ohms.xsd",
        },
    )
    element = SubElement(root, "record", {"id": record.accession, "dt": exported.isoformat()})
    _metadata(element, record, part)
    _index(SubElement(element, "index"), [c for c in record.chapters if c.part == part])
    _fields(element, ("type", ""), ("description", record.summary), ("rel", ""))
    transcript = SubElement(element, "vtt_transcript")
    segments = [s for s in record.segments if s.part == part and s.language is None]
    if segments:
        SubElement(transcript, CDATA_MARK)
    _fields(
        element,
        ("rights", record.rights or record.collection.rights),
        ("fmt", "audio"),
        ("usage", ""),
        ("userestrict", "0"),
        ("xmllocation", ""),
        ("xmlfilename", ""),
        ("collection_link", ""),
        ("series_link", ""),
    )
    indent(root, space="  ")
    transcript.text = None
    for mark in transcript:
        mark.tail = None
    text = tostring(root, encoding="unicode")
    cdata = "<![CDATA[" + _vtt(segments).replace("]]>", "]]]]><![CDATA[>") + "]]>"
    text = text.replace(f"<{CDATA_MARK} />", cdata)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _metadata(element: Element, record: TestimonyRecord, part: int) -> None:
    recording = next((r for r in record.recordings if r.part == part), None)
    recorded = record.recorded or ""
    full = FULL_DATE.match(recorded)
    _fields(element, ("version", "6.0"))
    SubElement(element, "date", {"value": recorded if full else "", "format": "yyyy-mm-dd"})
    _fields(
        element,
        ("date_nonpreferred_format", "" if full else recorded),
        ("cms_record_id", ""),
        ("title", record.title),
        ("accession", record.accession),
        ("duration", clock(recording.duration) if recording and recording.duration else ""),
        ("collection_id", record.collection.slug),
        ("collection_name", record.collection.title),
        ("series_id", ""),
        ("series_name", ""),
        ("repository", record.collection.publisher),
        ("funding", ""),
        ("repository_url", ""),
    )
    _fields(element, *(("subject", theme.label) for theme in record.themes))
    _fields(element, *(("interviewee", speaker.name) for speaker in record.speakers))
    _fields(element, *(("interviewer", name) for name in record.interviewers))
    _fields(
        element,
        ("format", ""),
        ("file_name", PurePath(recording.path).name if recording else ""),
        ("transcript_alt_lang", ""),
        ("translate", "0"),
        ("media_id", ""),
        ("media_url", ""),
    )
    media = SubElement(element, "mediafile")
    _fields(
        media,
        ("host", "Other"),
        ("avalon_target_domain", ""),
        ("host_account_id", ""),
        ("host_player_id", ""),
        ("host_clip_id", ""),
        ("clip_format", "audio"),
    )
    languages = "; ".join(language_name(code) for code in record.languages)
    parts = len({r.part for r in record.recordings})
    note = f"Part {part} of {parts} of testimony {record.accession}" if parts > 1 else ""
    _fields(element, ("kembed", ""), ("language", languages), ("user_notes", note))


def _index(index: Element, chapters: list[ChapterRecord]) -> None:
    """Index points; OHMS separates keywords with ";", so a keyword cannot hold one."""
    for chapter in chapters:
        point = SubElement(index, "point")
        _fields(
            point,
            ("time", _seconds(chapter.start)),
            ("title", chapter.title),
            ("title_alt", ""),
            ("partial_transcript", ""),
            ("partial_transcript_alt", ""),
            ("synopsis", chapter.synopsis),
            ("synopsis_alt", ""),
            ("keywords", ";".join(chapter.keywords)),
            ("keywords_alt", ""),
            ("subjects", ""),
            ("subjects_alt", ""),
        )
        _fields(
            SubElement(point, "gpspoints"),
            ("gps", ""),
            ("gps_zoom", ""),
            ("gps_text", ""),
            ("gps_text_alt", ""),
        )
        _fields(
            SubElement(point, "hyperlinks"),
            ("hyperlink", ""),
            ("hyperlink_text", ""),
            ("hyperlink_text_alt", ""),
        )


def _fields(parent: Element, *fields: tuple[str, str | None]) -> None:
    for name, value in fields:
        SubElement(parent, name).text = _html(value) if value else None


def _html(text: str | None) -> str:
    """Text as OHMS holds it: one line (its reader joins lines anyway), HTML-escaped."""
    return html.escape(" ".join(NOT_XML.sub("", text or "").split()), quote=False)


def _vtt(segments: list[SegmentRecord]) -> str:
    """Cues with a voice each: OHMS reads a cue without `<v>` as its predecessor's
    speaker, so a cue without one after a voiced cue gets an empty `<v >`."""
    cues = ["WEBVTT", "", "NOTE", "TRANSCRIPTION BEGIN", ""]
    speaker: str | None = None
    for number, segment in enumerate(segments):
        following = segments[number + 1].start if number + 1 < len(segments) else None
        end = segment.end if segment.end is not None else following
        end = max(end if end is not None else segment.start + 5, segment.start)
        voice = ""
        if segment.speaker_label or speaker:
            voice = f"<v {_html(segment.speaker_label)}>"
        speaker = segment.speaker_label
        cues += [
            f"{vtt_timestamp(segment.start)} --> {vtt_timestamp(end)}",
            voice + _html(segment.text),
            "",
        ]
    return "\n".join([*cues, "NOTE", "TRANSCRIPTION END", ""])


def _seconds(seconds: float) -> str:
    """Whole seconds as OHMS writes them ("212"); a fraction is kept ("7.5")."""
    return f"{round(seconds, 3):.3f}".rstrip("0").rstrip(".")
