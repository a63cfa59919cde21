"""Transcript parsers, one module per format, each a pure function from the
file's bytes to a `ParsedTranscript`; `read_transcript` picks the parser by
file type and turns I/O errors into `SourceError`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.errors import SourceError
from ingest.transcripts.docx import parse_docx
from ingest.transcripts.model import (
    ParsedTranscript,
    TranscriptChapter,
    TranscriptSegment,
    TranscriptWarning,
)
from ingest.transcripts.ohms import parse_ohms
from ingest.transcripts.plaintext import parse_plain_text_bytes
from ingest.transcripts.srt import parse_srt
from ingest.transcripts.webvtt import parse_webvtt

Parser = Callable[[bytes, str], ParsedTranscript]

PARSERS: dict[str, Parser] = {
    ".txt": parse_plain_text_bytes,
    ".vtt": parse_webvtt,
    ".srt": parse_srt,
    ".xml": parse_ohms,
    ".docx": parse_docx,
}

__all__ = [
    "PARSERS",
    "ParsedTranscript",
    "TranscriptChapter",
    "TranscriptSegment",
    "TranscriptWarning",
    "read_transcript",
]


def read_transcript(path: Path, display_name: str) -> ParsedTranscript:
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        known = ", ".join(sorted(PARSERS))
        raise SourceError(
            f"unsupported transcript type {path.suffix!r}; expected one of {known}",
            file=display_name,
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", file=display_name) from None
    return parser(data, display_name)
