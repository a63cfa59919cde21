"""Plain-text transcripts: an optional `Key: value` header block, `SPEAKER:`
turns and `[hh:mm:ss]` timecodes, each timecode starting a new segment."""

from __future__ import annotations

import re

from ingest.timecodes import parse_timecode
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.model import ParsedTranscript, TranscriptSegment, TranscriptWarning

TIMECODE_TOKEN = re.compile(r"\[(\d{1,3}:\d{2}:\d{2}(?:[.,]\d{1,3})?)\]")
SPEAKER_LABEL = re.compile(r"^([A-Z][A-Z0-9 .'’\-]{0,40}):\s*")
HEADER_LINE = re.compile(r"^([A-Z][A-Za-z][A-Za-z \-]{0,30}):\s*(.*)$")


def parse_plain_text(text: str, source: str) -> ParsedTranscript:
    lines = text.split("\n")
    header, body_start = _header(lines)
    builder = _SegmentBuilder()
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        pieces = TIMECODE_TOKEN.split(line)
        builder.add_text(pieces[0], number, line_start=True)
        for stamp, rest in zip(pieces[1::2], pieces[2::2], strict=True):
            builder.start_segment(parse_timecode(stamp), number)
            builder.add_text(rest, number, line_start=True)
    return ParsedTranscript(source, header, builder.finish(), tuple(builder.warnings))


def _header(lines: list[str]) -> tuple[dict[str, str], int]:
    """The leading `Key: value` lines (keys not all capitals), up to a blank line."""
    header: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line.strip():
            return header, number + 1 if header else 0
        match = HEADER_LINE.match(line)
        if not match or match.group(1).isupper() or TIMECODE_TOKEN.search(line):
            return ({}, 0) if not header else (header, number)
        header[match.group(1).strip().lower()] = match.group(2).strip()
    return header, len(lines)


class _SegmentBuilder:
    """Accumulates text into segments as timecodes and speaker labels arrive."""

    def __init__(self) -> None:
        self.segments: list[TranscriptSegment] = []
        self.warnings: list[TranscriptWarning] = []
        self.start: float | None = None
        self.speaker: str | None = None
        self.words: list[str] = []
        self.line = 0
        self.seen_timecode = False

    def start_segment(self, start: float, line: int) -> None:
        self._close()
        previous = self.segments[-1].start if self.segments else None
        if previous is not None and start < previous:
            self.warnings.append(
                TranscriptWarning(line, f"timecode goes backwards ({start:g}s after {previous:g}s)")
            )
        self.start, self.line, self.seen_timecode = start, line, True

    def add_text(self, text: str, line: int, *, line_start: bool) -> None:
        text = text.strip()
        label = SPEAKER_LABEL.match(text) if line_start else None
        if label:
            if self.words and self.speaker != label.group(1).strip():
                # A new speaker without a new timecode: keep the time, split the turn.
                start = self.start
                self._close()
                self.start, self.line = start, line
            self.speaker = label.group(1).strip()
            text = text[label.end() :]
        if text:
            if self.start is None:
                self.start, self.line = 0.0, line
            self.words.append(text)

    def _close(self) -> None:
        if self.words and self.start is not None:
            self.segments.append(
                TranscriptSegment(self.start, None, self.speaker, " ".join(self.words), self.line)
            )
        self.words = []
        self.start = None

    def finish(self) -> tuple[TranscriptSegment, ...]:
        self._close()
        if self.segments and not self.seen_timecode:
            self.warnings.append(
                TranscriptWarning(
                    None, "no [hh:mm:ss] timecodes found: every segment starts at 0:00:00"
                )
            )
        ends = [s.start for s in self.segments[1:]] + [None]
        return tuple(
            TranscriptSegment(
                s.start, max(end, s.start) if end is not None else None, s.speaker, s.text, s.line
            )
            for s, end in zip(self.segments, ends, strict=True)
        )


def parse_plain_text_bytes(data: bytes, source: str) -> ParsedTranscript:
    return parse_plain_text(decode_text(data, source), source)
