"""What WebVTT, SRT and OHMS's VTT share: timings, entities, cue lists."""

from __future__ import annotations

import html
import re
import unicodedata

from ingest.errors import SourceError
from ingest.transcripts.model import TranscriptSegment, TranscriptWarning

# Read leniently (unpadded fields, a comma, no milliseconds) because caption tools in the
# wild write such timestamps; only what cannot be read as a time at all is refused. Hours
# have at most three digits, as in plain-text timecodes: a longer run is garbage, and one
# past a float's range would overflow.
TIMESTAMP = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?")
TIMING_LINE = re.compile(r"^\s*(\S+?)\s*-->\s*(\S+)(?:\s.*)?$")
ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def join_lines(text: str) -> str:
    """Lines of caption text as one line: character references decoded, NFC."""
    joined = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return unicodedata.normalize("NFC", decode_entities(joined))


def decode_entities(text: str) -> str:
    """`&amp;`, `&lrm;`, `&#1488;`...; a bare "&" is left alone, as in the words "AT&T"."""
    return ENTITY.sub(lambda match: html.unescape(match.group()), text)


def read_timing(line: str) -> tuple[float, float] | None:
    """Start and end seconds of a `start --> end [settings]` line; None if unreadable."""
    match = TIMING_LINE.match(line)
    if not match:
        return None
    start, end = cue_seconds(match.group(1)), cue_seconds(match.group(2))
    return None if start is None or end is None else (start, end)


def cue_seconds(stamp: str) -> float | None:
    match = TIMESTAMP.fullmatch(stamp)
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    whole = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return round(whole + (int(fraction) / 10 ** len(fraction) if fraction else 0.0), 3)


def seconds_text(seconds: float) -> str:
    """Seconds for a message: "5", "0.999", "3599.999"."""
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


def excerpt(lines: list[str]) -> str:
    text = " ".join(line.strip() for line in lines)
    return text if len(text) <= 60 else text[:57] + "..."


class CueList:
    """Segments and warnings of a caption file in file order; `noun` names a cue in
    messages ("cue", "subtitle"), `expected` shows what a timing line looks like."""

    def __init__(self, noun: str, expected: str) -> None:
        self.noun, self.expected = noun, expected
        self.segments: list[TranscriptSegment] = []
        self.warnings: list[TranscriptWarning] = []

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(TranscriptWarning(line, message))

    def add(self, line: int, timing: str, text: str, speaker: str | None) -> None:
        """Keep one cue as a segment, or warn why it is skipped."""
        times = read_timing(timing)
        if times is None:
            self.warn(
                line,
                f"cannot read the {self.noun} timing {excerpt([timing])!r}; "
                f"expected {self.expected}; {self.noun} skipped",
            )
            return
        start, end = times
        if end < start:
            self.warn(
                line,
                f"{self.noun} ends before it starts ({seconds_text(end)}s < "
                f"{seconds_text(start)}s); {self.noun} skipped",
            )
            return
        if not text:
            self.warn(line, f"{self.noun} has no text; {self.noun} skipped")
            return
        previous = self.segments[-1].start if self.segments else None
        if previous is not None and start < previous:
            self.warn(
                line,
                f"timecode goes backwards ({seconds_text(start)}s after {seconds_text(previous)}s)",
            )
        self.segments.append(TranscriptSegment(start, end, speaker, text, line))

    def finish(self, source: str) -> tuple[TranscriptSegment, ...]:
        """The segments; SourceError if there are none, naming the first problem if any."""
        if self.segments:
            return tuple(self.segments)
        if self.warnings:
            first = self.warnings[0]
            raise SourceError(
                f"no {self.noun}s could be used; first problem of "
                f"{len(self.warnings)}: {first.message}",
                file=source,
                line=first.line,
            )
        raise SourceError(
            f"no {self.noun}s: expected blocks starting with a timing line {self.expected}",
            file=source,
        )
