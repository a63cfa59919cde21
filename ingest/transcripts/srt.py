"""SubRip subtitles (.srt): numbered blocks, each a segment; a leading `NAME:` is the speaker.

Timings, character references and the cue list are read as for WebVTT (see `captions`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.transcripts.captions import CueList, excerpt, join_lines
from ingest.transcripts.encoding import decode_text
from ingest.transcripts.model import ParsedTranscript
from ingest.transcripts.plaintext import SPEAKER_LABEL

SRT_TIMING = "'hh:mm:ss,mmm --> hh:mm:ss,mmm'"
# SubRip knows only these tags, so any other "<" is the speaker's own text; `{\an8}`
# is a position override that players copied over from SSA.
SUBTITLE_TAG = re.compile(r"</?(?:i|b|u|s|font)\b[^<>]*>|\{\\[^{}]*\}", re.IGNORECASE)
INDEX_LINE = re.compile(r"\s*[0-9]+\s*")


def parse_srt(data: bytes, source: str) -> ParsedTranscript:
    lines = decode_text(data, source).split("\n")
    subtitles = CueList("subtitle", SRT_TIMING)
    for number, block in _blocks(lines):
        _read_block(number, block, subtitles)
    return ParsedTranscript(source, {}, subtitles.finish(source), tuple(subtitles.warnings))


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the 1-based number of its first line; a line of
    spaces counts as blank, since editors leave them and no reader can see them."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            first = first if block else number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _read_block(first: int, block: list[str], subtitles: CueList) -> None:
    """An index line (whatever it holds), then a timing line and its text; further timing
    lines in the same block start further subtitles whose blank line went missing."""
    arrows = [index for index, line in enumerate(block) if "-->" in line]
    if not arrows:
        subtitles.warn(first, f"text without a subtitle timing skipped: {excerpt(block)!r}")
        return
    if arrows[0] > 1:
        stray = block[: arrows[0] - 1]
        subtitles.warn(first, f"text without a subtitle timing skipped: {excerpt(stray)!r}")
    for at, end in zip(arrows, [*arrows[1:], len(block)], strict=True):
        text_lines = block[at + 1 : end]
        if end < len(block) and text_lines and INDEX_LINE.fullmatch(text_lines[-1]):
            text_lines = text_lines[:-1]  # the next subtitle's number
        speaker, text = _subtitle_text(text_lines)
        subtitles.add(first + at, block[at], text, speaker)


def _subtitle_text(lines: list[str]) -> tuple[str | None, str]:
    text = join_lines(SUBTITLE_TAG.sub("", "\n".join(lines)))
    label = SPEAKER_LABEL.match(text)
    if not label:
        return None, text
    return label.group(1).strip(), text[label.end() :]
