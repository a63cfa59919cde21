"""WebVTT captions (W3C WebVTT): each cue becomes a segment, its first `<v>` voice the speaker."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from ingest.errors import SourceError
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.model import (
    HEADER_KEYS,
    ParsedTranscript,
    TranscriptSegment,
    TranscriptWarning,
)

SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
# Read leniently (unpadded fields, a comma, no milliseconds) because caption tools in the
# wild write such timestamps; only what cannot be read as a time at all is refused.
TIMESTAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?")
TIMING_LINE = re.compile(r"^\s*(\S+?)\s*-->\s*(\S+)(?:\s.*)?$")
METADATA_LINE = re.compile(r"^([A-Za-z][A-Za-z \-]{0,30}?)\s*:\s*(.*)$")
VOICE = re.compile(r"<v(?:\.[^\s<>]*)?[ \t\n\f]+([^<>]*)>")
# Only tag-shaped text is markup: a stray "<" in a careless file keeps its words. A tag
# never holds "<", which also keeps a run of unclosed "<a" from costing quadratic time.
CUE_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")
ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
VTT_TIMING = "'hh:mm:ss.ttt --> hh:mm:ss.ttt'"

# Header values by key, each value once and in file order (a dict keeps order, a set does not).
HeaderValues = dict[str, dict[str, None]]


def parse_webvtt(data: bytes, source: str) -> ParsedTranscript:
    lines = decode_text(data, source).split("\n")
    _check_signature(lines[0], source)
    values, body_start = _read_header(lines)
    cues = CueList("cue", VTT_TIMING)
    seen_cue = False
    for number, block in _blocks(lines, body_start):
        timing_at = _timing_index(block)
        if timing_at is not None:
            seen_cue = True
            speaker, text = _cue_text(block[timing_at + 1 :])
            cues.add(number + timing_at, block[timing_at], text, speaker)
        elif _is_note(block[0]):
            # Notes among the cues remark on the cues (a translator's aside), not on the file.
            if not seen_cue:
                _read_note(block, values)
        elif block[0].strip() not in ("STYLE", "REGION"):
            cues.warn(number, f"text without a cue timing skipped: {excerpt(block)!r}")
    # A repeated key keeps all its different values, so nothing the file says is dropped.
    header = {key: "; ".join(found) for key, found in values.items()}
    return ParsedTranscript(source, header, cues.finish(source), tuple(cues.warnings))


def _check_signature(first_line: str, source: str) -> None:
    if SIGNATURE.match(first_line):
        return
    found = f"found {first_line[:40]!r}" if first_line else "the file is empty"
    raise SourceError(
        f"expected 'WEBVTT' at the start of the first line of a WebVTT file; {found}",
        file=source,
        line=1,
    )


def _read_header(lines: list[str]) -> tuple[HeaderValues, int]:
    """Metadata lines under the signature, up to the first blank line (or a cue timing);
    returns their values and the index of the line after them."""
    values: HeaderValues = {}
    index = 1
    while index < len(lines) and lines[index] and "-->" not in lines[index]:
        _add_metadata(values, lines[index])
        index += 1
    return values, index


def _add_metadata(values: HeaderValues, line: str) -> None:
    """Keep a `Key: value` line whose key is one the archive knows (`HEADER_KEYS`)."""
    match = METADATA_LINE.match(line.strip())
    if match and match.group(1).lower() in HEADER_KEYS and match.group(2).strip():
        values.setdefault(match.group(1).lower(), {})[match.group(2).strip()] = None


def _is_note(first_line: str) -> bool:
    return first_line == "NOTE" or first_line.startswith(("NOTE ", "NOTE\t"))


def _read_note(block: list[str], values: HeaderValues) -> None:
    for line in [block[0][4:], *block[1:]]:
        _add_metadata(values, line)


def _blocks(lines: list[str], start: int) -> Iterator[tuple[int, list[str]]]:
    """Runs of lines between blank lines, each with the 1-based number of its first line.

    As in the W3C parser, a line with "-->" anywhere but a block's first line (or second,
    after an identifier) starts a new block, so a missing blank line loses no cue."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if block and (not line or ("-->" in line and (len(block) >= 2 or "-->" in block[0]))):
            yield first, block
            block = []
        if line:
            first = first if block else number
            block.append(line)
    if block:
        yield first, block


def _timing_index(block: list[str]) -> int | None:
    """Where the timing line is: first, or second after a cue identifier."""
    if "-->" in block[0]:
        return 0
    if len(block) > 1 and "-->" in block[1]:
        return 1
    return None


def _cue_text(lines: list[str]) -> tuple[str | None, str]:
    """The cue's first voice and its text with markup removed, lines joined by a space."""
    raw = "\n".join(lines)
    voice = VOICE.search(raw)
    speaker = decode_entities(" ".join(voice.group(1).split())) if voice else None
    return speaker or None, join_lines(CUE_TAG.sub("", raw))


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
                f"cannot read the {self.noun} timing {timing.strip()!r}; "
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
