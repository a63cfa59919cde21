"""A testimony's transcript written out as plain text or WebVTT, and its
citation: pure functions over records, used by downloads and exports."""

from __future__ import annotations

from datetime import date

from archive.testimonies.records import SegmentRecord, TestimonyRecord
from archive.timecodes import timecode, vtt_timestamp


def spoken_segments(record: TestimonyRecord, language: str | None = None) -> list[SegmentRecord]:
    return [s for s in record.segments if s.language == language]


def as_plain_text(record: TestimonyRecord, language: str | None = None) -> str:
    """The project's own plain-text format: header, then [hh:mm:ss] SPEAKER: text."""
    lines = [f"Title: {record.title}", f"Accession: {record.accession}"]
    if record.recorded:
        lines.append(f"Date: {record.recorded}")
    lines.append("")
    part = None
    for segment in spoken_segments(record, language):
        if segment.part != part and len(record.recordings) > 1:
            lines.append(f"[TAPE {segment.part}]")
        part = segment.part
        speaker = f"{segment.speaker_label}: " if segment.speaker_label else ""
        lines.append(f"[{timecode(segment.start)}] {speaker}{segment.text}")
    return "\n".join(lines) + "\n"


def as_webvtt(record: TestimonyRecord, part: int = 1, language: str | None = None) -> str:
    """One recording part's transcript as WebVTT cues, with <v> voices."""
    note = f"{record.title} ({record.accession}), part {part}"
    # A comment may hold neither "-->" nor a blank line.
    note = " ".join(note.split()).replace("-->", "->")
    cues = ["WEBVTT", "", f"NOTE {note}", ""]
    segments = [s for s in spoken_segments(record, language) if s.part == part]
    for number, segment in enumerate(segments):
        following = segments[number + 1].start if number + 1 < len(segments) else None
        end = segment.end or following or segment.start + 5
        end = max(end, segment.start + 0.001)
        text = _vtt_text(segment.text)
        voice = f"<v {_vtt_text(segment.speaker_label)}>" if segment.speaker_label else ""
        cues += [
            f"{vtt_timestamp(segment.start)} --> {vtt_timestamp(end)}",
            f"{voice}{text}",
            "",
        ]
    return "\n".join(cues)


def _vtt_text(text: str) -> str:
    # & < > escaped as in HTML; so "-->" becomes "--&gt;", which a cue may hold.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chicago_citation(record: TestimonyRecord, url: str, accessed: date) -> str:
    """An oral-history citation in Chicago style (notes and bibliography)."""
    speakers = ", ".join(s.name for s in record.speakers) or "Unidentified speaker"
    parts = [f"{speakers}, interview"]
    if record.interviewers:
        parts[0] += f" by {', '.join(record.interviewers)}"
    if record.place or record.recorded:
        parts.append(", ".join(filter(None, (record.place, record.recorded))))
    parts += [f"“{record.title},” {record.collection.title}", f"accession {record.accession}"]
    if record.collection.publisher:
        parts.append(record.collection.publisher)
    return ", ".join(parts) + f", {url} (accessed {accessed:%B} {accessed.day}, {accessed.year})."
