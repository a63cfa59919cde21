"""Transcript parsers, one module per format, each a pure function from text
to a `ParsedTranscript`; `read_transcript` picks the parser by file type."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import SourceError
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.model import ParsedTranscript, TranscriptSegment
from ingest.transcripts.plaintext import parse_plain_text

PARSERS = {".txt": parse_plain_text}

__all__ = ["PARSERS", "ParsedTranscript", "TranscriptSegment", "read_transcript"]


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
    return parser(decode_text(data, display_name), display_name)
