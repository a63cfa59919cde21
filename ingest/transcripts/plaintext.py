"""Plain-text transcripts: an optional `Key: value` header block, `SPEAKER:`
turns, `[hh:mm:ss]` or `{hh:mm:ss}` timecodes each starting a new segment, and
tape markers (`[TAPE 2]`, `Tape 2, Side A`) each starting a new part. A
bracketed token meant as a timecode but malformed (`[00:99:xx]`) is a warning
with its line, and left out of the text."""

from __future__ import annotations

import re

from archive.timecodes import timecode as format_timecode
from ingest.timecodes import parse_timecode
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.model import ParsedTranscript, TranscriptSegment, TranscriptWarning

# Minutes and seconds limited to 00-59 so every token is one parse_timecode accepts.
_STAMP = r"\d{1,3}:[0-5]\d:[0-5]\d(?:[.,]\d{1,3})?"
# Square brackets or curly braces, never parentheses: "(1:30:00)" is ordinary prose.
TIMECODE_TOKEN = re.compile(rf"\[({_STAMP})\]|\{{({_STAMP})\}}")
# What is left in brackets after TIMECODE_TOKEN that was meant as one: two or
# three colon-separated groups holding at least two digits ([00:99:xx],
# [00:01:3O], {1:30}); [laughs], [1948] or [sic: 3] are words. Bounded
# repeats after a literal bracket: linear on any line.
_ATTEMPT = r"\w{1,3}(?::\w{1,3}){1,2}(?:[.,]\w{1,6})?"
# Each is warned with its line up to this many per file; the rest are counted.
MALFORMED_WARNINGS = 20
MALFORMED_TIMECODE = re.compile(rf"(?P<token>\[{_ATTEMPT}\]|\{{{_ATTEMPT}\}})(?P<space>\s*)")
# Capital letters of the Latin, Greek and Cyrillic alphabets, so that CRÉMIEUX,
# ŁUKASZ and ЕЛЕНА are speakers as much as NAOMI.
_CAPITALS = "A-Z" + "".join(
    letter
    for block in (range(0xC0, 0x250), range(0x370, 0x530))
    for letter in map(chr, block)
    if letter.isupper()
)
SPEAKER_LABEL = re.compile(rf"^([{_CAPITALS}][{_CAPITALS}0-9 .'’\-]{{0,40}}):\s*")
HEADER_LINE = re.compile(r"^([A-Z][A-Za-z][A-Za-z \-]{0,30}):\s*(.*)$")

_DECORATION = r"[\s\[\](){}<>*#=_~:.\-–—]*"
TAPE_MARKER = re.compile(
    rf"^{_DECORATION}(?:(?:tape|part)\s*(?:no\.?\s*|#\s*)?(?P<number>\d+))?"
    rf"(?:[\s,;:/\-–—]*side\s*(?P<side>[a-d]|\d))?{_DECORATION}$",
    re.IGNORECASE,
)
# Marker lines are short; the limit also keeps the regex's overlapping
# decoration classes from backtracking at length on a long rule of dashes.
TAPE_MARKER_MAX_LENGTH = 60

# A timecode falling back to the first seconds after a segment that started
# past the first minute is a new tape whose marker the transcriber left out.
RESTART_BEFORE = 5.0
RESTART_AFTER = 60.0


def parse_plain_text(text: str, source: str) -> ParsedTranscript:
    lines = text.split("\n")
    header, body_start = _header(lines)
    builder = _SegmentBuilder()
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        marker = _tape_marker(line)
        if marker:
            builder.start_part(marker.group("number"), marker.group("side"))
            continue
        pieces = TIMECODE_TOKEN.split(line)
        builder.add_text(pieces[0], number, line_start=True)
        for square, curly, rest in zip(pieces[1::3], pieces[2::3], pieces[3::3], strict=True):
            builder.start_segment(parse_timecode(square or curly), number)
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


def _tape_marker(line: str) -> re.Match[str] | None:
    """The match if the line is nothing but a tape, part or side marker."""
    if len(line) > TAPE_MARKER_MAX_LENGTH:
        return None
    match = TAPE_MARKER.match(line)
    return match if match and (match.group("number") or match.group("side")) else None


class _SegmentBuilder:
    """Accumulates text into segments as timecodes, speaker labels and tape markers arrive."""

    def __init__(self) -> None:
        self.segments: list[TranscriptSegment] = []
        self.warnings: list[TranscriptWarning] = []
        self.start: float | None = None
        self.speaker: str | None = None
        self.words: list[str] = []
        self.line = 0
        self.seen_timecode = False
        self.part = 1
        # The tape and side the last marker named: a marker naming the same
        # ones again (a repeated heading) does not start another part.
        self.tape = "1"
        self.side: str | None = None
        self.after_marker = False
        self.malformed: list[int] = []  # the line of each malformed timecode

    def start_part(self, tape: str | None, side: str | None) -> None:
        self._close()
        side = side.upper() if side else None
        new_tape = tape is not None and int(tape) != int(self.tape)
        new_side = side is not None and side != self.side
        # A marker before any text of the current part (the file's opening
        # "Tape 1, Side A", or "Tape 2" followed by "Side A") has nothing to end.
        if self._part_has_text() and (new_tape or new_side):
            self.part += 1
        self.tape = tape or self.tape
        self.side = side
        self.start, self.after_marker = None, True

    def start_segment(self, start: float, line: int) -> None:
        self._close()
        last = self.segments[-1] if self.segments else None
        previous = last.start if last and last.part == self.part else None
        if self.after_marker:
            self.after_marker = False
        elif previous is not None and previous > RESTART_AFTER and start < RESTART_BEFORE:
            self.part += 1
            self.tape, self.side = str(int(self.tape) + 1), None
            self.warnings.append(
                TranscriptWarning(
                    line,
                    f"timecodes restart at {format_timecode(start)} without a tape marker: "
                    f"taken as part {self.part}",
                )
            )
        elif previous is not None and start < previous:
            self.warnings.append(
                TranscriptWarning(line, f"timecode goes backwards ({start:g}s after {previous:g}s)")
            )
        self.start, self.line, self.seen_timecode = start, line, True

    def add_text(self, text: str, line: int, *, line_start: bool) -> None:
        text = self._without_malformed_timecodes(text, line).strip()
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

    def _without_malformed_timecodes(self, text: str, line: int) -> str:
        """The text without tokens meant as timecodes that are not (each warned):
        merged into the words, they would read as speech and start no segment."""
        pieces, end = [], 0
        for match in MALFORMED_TIMECODE.finditer(text):
            token = match.group("token")
            if sum(c.isdigit() for c in token) < 2:
                continue
            self.malformed.append(line)
            if len(self.malformed) <= MALFORMED_WARNINGS:
                self.warnings.append(
                    TranscriptWarning(
                        line,
                        f"{token} is not a timecode: expected [hh:mm:ss] with minutes and "
                        "seconds from 00 to 59; left out of the text, the words after it "
                        "stay in the segment before",
                    )
                )
            before = text[end : match.start()]
            # The space before the token stays between words, not before punctuation.
            pieces.append(before if match.group("space") else before.rstrip())
            end = match.end()
        return "".join(pieces) + text[end:]

    def _part_has_text(self) -> bool:
        return bool(self.words) or bool(self.segments and self.segments[-1].part == self.part)

    def _close(self) -> None:
        if self.words and self.start is not None:
            self.segments.append(
                TranscriptSegment(
                    self.start, None, self.speaker, " ".join(self.words), self.line, self.part
                )
            )
        self.words = []
        self.start = None

    def finish(self) -> tuple[TranscriptSegment, ...]:
        self._close()
        if len(self.malformed) > MALFORMED_WARNINGS:
            rest = self.malformed[MALFORMED_WARNINGS:]
            self.warnings.append(
                TranscriptWarning(
                    rest[0],
                    f"{len(rest)} more malformed timecodes like the ones above, "
                    f"from this line to line {rest[-1]}: left out of the text",
                )
            )
        if self.segments and not self.seen_timecode:
            self.warnings.append(
                TranscriptWarning(
                    None, "no [hh:mm:ss] timecodes found: every segment starts at 0:00:00"
                )
            )
        # A segment ends where the next one starts, but never across a tape change.
        following = [*self.segments[1:], None] if self.segments else []
        return tuple(
            TranscriptSegment(
                s.start,
                max(after.start, s.start) if after and after.part == s.part else None,
                s.speaker,
                s.text,
                s.line,
                s.part,
            )
            for s, after in zip(self.segments, following, strict=True)
        )


def parse_plain_text_bytes(data: bytes, source: str) -> ParsedTranscript:
    return parse_plain_text(decode_text(data, source), source)
