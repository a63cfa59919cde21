"""The legacy OHMS transcript and its `<sync>` map: where each passage starts and who speaks.

Before WebVTT, OHMS kept a transcript as plain lines timed by a sync map such as
`1:|13(3)|19(14)|...`. The number before ":" is the interval in minutes; the n-th entry
`L(W)` says that at n intervals the speech has reached word W of line L, both counted
from 1 in the text as it stands (the footnotes block included). Only those words are timed:
a word between two sync points gets a time interpolated by its word position, a word after
the last point that point's time. A point past the end of its line (or of the text) is put
at that end, one going back in the text at the point before; one warning counts each kind.

The text is cut at each sync point and each speaker turn (`NAME:`), and at paragraphs too
when there is no map; the caller makes the passages between cuts into segments.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from archive.timecodes import timecode as format_timecode
from ingest.transcripts.model import TranscriptWarning

# Bounded so that a run of digits in a damaged map is refused instead of growing past
# int()'s digit limit or a float's range: no interview has a billion lines.
SYNC_ENTRY = re.compile(r"^\s*0*(\d{1,9})\(0*(\d{1,9})\)\s*$")
SYNC_INTERVAL = re.compile(r"^\s*0*(\d{1,3})\s*$")
# "DUARTE:", "Duarte:", "Dr. Ruth Smith:" at the start of a line: up to four capitalised words.
LINE_LABEL = re.compile(r"^\s*([^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}):(?=\s|$)")
SENTENCE_END = (".", "?", "!", '"', "”", "]", ")")
# Legacy transcripts carry footnote marks and `{00:12:00}` stamps for the OHMS viewer.
FOOTNOTE_MARK = re.compile(r"\[\[footnote\]\](.*?)\[\[/footnote\]\]")
TEXT_TIMESTAMP = re.compile(r"\{[\d:]*\}")


class Passage(NamedTuple):
    """The words between two cuts, speaker labels and the footnotes block left out, footnote
    marks as `[note]` and viewer stamps removed; any HTML is still in them. `line` is the
    line of the transcript text, counted from 1, on which the passage begins."""

    start: float
    speaker: str | None
    text: str
    line: int


def legacy_passages(text: str, sync: str, warnings: list[TranscriptWarning]) -> list[Passage]:
    """Passages in text order, so their start times never decrease; a cut between sync points
    gets a time interpolated by word position. A cut with no words to keep gives no passage."""
    words = _TranscriptWords(text.split("\n"))
    points = _placed_sync_points(_sync_entries(sync, warnings), words, warnings)
    turns, labels = words.turns()
    cuts = {index for _, index in points} | set(turns)
    if len(points) == 1:
        _warn(warnings, "no sync map: the transcript has no timings; every segment starts at 0:00")
        cuts |= words.paragraph_starts()
    ordered, skipped = sorted(cuts), labels | words.notes
    passages: list[Passage] = []
    speaker: str | None = None
    for begin, end in zip(ordered, [*ordered[1:], len(words.tokens)], strict=True):
        speaker = turns.get(begin, speaker)
        kept = " ".join(words.tokens[i] for i in range(begin, end) if i not in skipped)
        if kept:
            said = FOOTNOTE_MARK.sub(r"[\1]", TEXT_TIMESTAMP.sub("", kept))
            line = words.token_line[begin]
            passages.append(Passage(_time_at(begin, points), speaker, said, line))
    return passages


def _warn(warnings: list[TranscriptWarning], message: str) -> None:
    # These are about the sync map or the whole transcript, not about one line of it.
    warnings.append(TranscriptWarning(None, message))


def _sync_entries(sync: str, warnings: list[TranscriptWarning]) -> list[tuple[float, int, int]]:
    """(seconds, line, word) from `1:|13(3)|19(14)|...`: the number before ":" is the interval
    in minutes; the n-th entry `L(W)` says that at n intervals the speech has reached word W
    of line L, both counted from 1 as the text stands."""
    if not sync:
        return []
    interval_text, _, listing = sync.partition(":")
    written = SYNC_INTERVAL.match(interval_text)
    interval = int(written[1]) if written else 0
    if interval < 1:
        _warn(warnings, f"sync map {sync[:20]!r} does not start with an interval such as '1:'")
        return []
    pieces = listing.split("|")
    pieces = pieces[1:] if pieces and not pieces[0].strip() else pieces
    entries, unread = [], []
    for number, piece in enumerate(pieces, start=1):
        match = SYNC_ENTRY.match(piece)
        if match:
            entries.append((number * interval * 60.0, int(match[1]), int(match[2])))
        elif piece.strip() or number < len(pieces):
            unread.append(piece)
    if unread:
        first = f"{len(unread)}, first {unread[0][:20]!r}"
        _warn(warnings, f"sync map entries not of the form line(word): {first}; skipped")
    return entries


def _placed_sync_points(
    entries: list[tuple[float, int, int]],
    words: _TranscriptWords,
    warnings: list[TranscriptWarning],
) -> list[tuple[float, int]]:
    """(seconds, word index) from 0:00 on; a point past its line's end or going backwards
    is moved to the nearest place that makes sense, and said so once."""
    points = [(0.0, 0)]
    beyond, backwards = [], []
    for seconds, line, word in entries:
        index, inside = words.position(line, word)
        if not inside:
            beyond.append(f"line {line}, word {word}")
        if index < points[-1][1]:
            backwards.append(format_timecode(seconds))
            index = points[-1][1]
        points.append((seconds, index))
    if beyond:
        where = f"{len(beyond)}, first {beyond[0]}"
        _warn(warnings, f"sync points past the end of their line: {where}; each put at that end")
    if backwards:
        when = f"{len(backwards)}, first at {backwards[0]}"
        _warn(warnings, f"sync points going back in the text: {when}; each kept at the one before")
    return points


def _time_at(index: int, points: list[tuple[float, int]]) -> float:
    """Seconds at a word: the sync point there, else interpolated between the points around
    it; after the last point, that point's time (no later point to interpolate towards)."""
    at = bisect_right(points, index, key=lambda point: point[1]) - 1
    seconds, place = points[at]
    if place == index or at + 1 == len(points):
        return seconds
    next_seconds, next_place = points[at + 1]
    return round(seconds + (next_seconds - seconds) * (index - place) / (next_place - place), 1)


class _TranscriptWords:
    """The legacy transcript as numbered words, the unit sync points count in."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.tokens: list[str] = []
        self.token_line: list[int] = []
        self.line_start: list[int] = []
        self.notes: set[int] = set()
        in_notes = False
        for number, line in enumerate(lines, start=1):
            self.line_start.append(len(self.tokens))
            # The footnotes block is apparatus, not speech; its words still count for sync.
            in_notes = in_notes or "[[footnotes]]" in line
            for token in line.split():
                if in_notes:
                    self.notes.add(len(self.tokens))
                self.tokens.append(token)
                self.token_line.append(number)
            in_notes = in_notes and "[[/footnotes]]" not in line
        self.line_start.append(len(self.tokens))

    def position(self, line: int, word: int) -> tuple[int, bool]:
        """Word index of (line, word) counted from 1, and whether the text has that word."""
        if line > len(self.lines):
            return len(self.tokens), False
        first, after = self.line_start[max(line, 1) - 1], self.line_start[max(line, 1)]
        index = first + max(word, 1) - 1
        return min(index, after), index < after

    def turns(self) -> tuple[dict[int, str], set[int]]:
        """Speaker turns (word index -> name) and the indexes of the label words. A label
        starts a line; a name already seen so may also start a sentence mid-line."""
        turns: dict[int, str] = {}
        for number, line in enumerate(self.lines):
            label = LINE_LABEL.match(line)
            if label and all(word[0].isupper() for word in label.group(1).split()):
                turns[self.line_start[number]] = label.group(1)
        known = set(turns.values())
        for index, token in enumerate(self.tokens):
            if index in turns or index in self.notes or not token.endswith(":"):
                continue
            for begin in range(index, max(index - 4, 0), -1):
                name = " ".join(self.tokens[begin : index + 1])[:-1]
                if name in known and self.tokens[begin - 1].endswith(SENTENCE_END):
                    turns[begin] = name
                    break
        labels = {
            begin + offset for begin, name in turns.items() for offset in range(len(name.split()))
        }
        return turns, labels

    def paragraph_starts(self) -> set[int]:
        return {
            self.line_start[number]
            for number, line in enumerate(self.lines)
            if line.strip() and (number == 0 or not self.lines[number - 1].strip())
        }
