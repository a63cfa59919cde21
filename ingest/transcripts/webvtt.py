"""WebVTT captions (W3C WebVTT): each cue becomes a segment, its first `<v>` voice the speaker."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.errors import SourceError
from ingest.transcripts.captions import CueList, decode_entities, excerpt, join_lines
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.model import HEADER_KEYS, ParsedTranscript

SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
METADATA_LINE = re.compile(r"^([A-Za-z][A-Za-z \-]{0,30}?)\s*:\s*(.*)$")
VOICE = re.compile(r"<v(?:\.[^\s<>]*)?[ \t\n\f]+([^<>]*)>")
# Only tag-shaped text is markup: a stray "<" in a careless file keeps its words. A tag
# never holds "<", which also keeps a run of unclosed "<a" from costing quadratic time.
CUE_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")
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
