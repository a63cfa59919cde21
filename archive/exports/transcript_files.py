"""A testimony's transcript as export files: WebVTT per recording part and per
translation, OHMS XML per part, plain text per testimony and translation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from archive.exports.naming import ohms_name, text_name, webvtt_name
from archive.exports.ohms_writer import as_ohms_xml
from archive.testimonies.records import TestimonyRecord
from archive.testimonies.transcript_formats import as_plain_text, as_webvtt

TRANSCRIPT_KINDS = ("webvtt", "ohms", "text")


@dataclass(frozen=True)
class ExportedFile:
    name: str
    content: bytes


def transcript_files(
    record: TestimonyRecord, kinds: tuple[str, ...], *, exported: date
) -> list[ExportedFile]:
    files: list[ExportedFile] = []
    if "webvtt" in kinds:
        files += webvtt_files(record)
    if "ohms" in kinds:
        files += [
            ExportedFile(
                ohms_name(record.accession, part), as_ohms_xml(record, part, exported=exported)
            )
            for part in record_parts(record)
        ]
    if "text" in kinds:
        files += [
            ExportedFile(
                text_name(record.accession, language), _utf8(as_plain_text(record, language))
            )
            for language in _languages(record)
        ]
    return files


def webvtt_files(record: TestimonyRecord) -> list[ExportedFile]:
    """One file for each part that has a transcript, and for each translation of it."""
    return [
        ExportedFile(
            webvtt_name(record.accession, part, language),
            _utf8(as_webvtt(record, part, language)),
        )
        for language in _languages(record)
        for part in sorted({s.part for s in record.segments if s.language == language})
    ]


def record_parts(record: TestimonyRecord) -> list[int]:
    """Every part a recording, a segment or a chapter names; part 1 at least, so a
    testimony without any still has its OHMS record."""
    parts = {r.part for r in record.recordings}
    parts |= {s.part for s in record.segments} | {c.part for c in record.chapters}
    return sorted(parts) or [1]


def _languages(record: TestimonyRecord) -> list[str | None]:
    """None (the transcript as spoken) when there is one, then each translation."""
    languages = {s.language for s in record.segments}
    return ([None] if None in languages else []) + sorted(lang for lang in languages if lang)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
