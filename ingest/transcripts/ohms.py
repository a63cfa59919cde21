"""OHMS XML exports (versions 4-6): record metadata, index points and the transcript."""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from itertools import zip_longest
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from ingest.errors import SourceError
from ingest.timecodes import format_timecode, parse_timecode
from ingest.transcripts.model import (
    HEADER_KEYS,
    ParsedTranscript,
    TranscriptChapter,
    TranscriptSegment,
    TranscriptWarning,
)
from ingest.transcripts.webvtt import read_timing

# Header keys read from record elements of another name; the rest from the same name.
HEADER_ELEMENTS = {
    "keywords": ("keyword", "keywords", "subject", "subjects"),
    "rights": ("rights", "usage"),
    "collection": ("collection_name",),
}
LIST_KEYS = {"interviewer", "interviewee", "keywords"}
# What the OHMS application writes into empty fields; it says nothing about the interview.
PLACEHOLDERS = {"", "unknown date", "no transcript."}

EXPAT_HINTS = {
    "mismatched tag": "expected the closing tag of the element opened before it",
    "not well-formed (invalid token)": "expected markup or text; a bare < or & is not XML",
    "undefined entity": "expected an XML entity (&amp; &lt; &gt; &quot; &apos; or &#...;)",
    "no element found": "expected more: the file ends before the document does",
    "unclosed token": "expected more: the file ends inside a tag",
    "junk after document element": "expected nothing after the closing </ROOT>",
}
EXPAT_POSITION = re.compile(r": line \d+, column \d+$")

BLOCK_TAG = re.compile(r"<(?:br|/?p|/?div|/?li)\b[^<>]*>", re.IGNORECASE)
# Only tag-shaped text is markup: "a < b" in a transcript keeps its words.
INLINE_TAG = re.compile(r"</?[A-Za-z][\w.-]*(?:\s[^<>]*)?/?>|<\d[\d:.]*>")
# Legacy transcripts carry footnote marks and `{00:12:00}` stamps for the OHMS viewer.
FOOTNOTE_MARK = re.compile(r"\[\[footnote\]\](.*?)\[\[/footnote\]\]")
TEXT_TIMESTAMP = re.compile(r"\{[\d:]*\}")
SECONDS = re.compile(r"^\d+(?:\.\d+)?$")

SYNC_ENTRY = re.compile(r"^\s*(\d+)\((\d+)\)\s*$")
# "DUARTE:", "Duarte:", "Dr. Ruth Smith:" at the start of a line: up to four capitalised words.
LINE_LABEL = re.compile(r"^\s*([^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}):(?=\s|$)")
SENTENCE_END = (".", "?", "!", '"', "”", "]", ")")
VOICE = re.compile(r"^\s*<v(?:\.[^\s>]*)?\s+([^>]*)>")


def parse_ohms(data: bytes, source: str) -> ParsedTranscript:
    """Header from `<record>`, chapters from `<index>`, segments from the transcript."""
    record = _record(_read_xml(data, source), source)
    warnings = _Warnings()
    chapters = _chapters(record, warnings)
    segments = _transcript(record, data, warnings)
    if not segments and not chapters:
        warnings.add("no transcript and no index points")
    return ParsedTranscript(source, _header(record), segments, tuple(warnings), chapters)


class _Warnings(list[TranscriptWarning]):
    def add(self, message: str, line: int | None = None) -> None:
        self.append(TranscriptWarning(line, message))


def _read_xml(data: bytes, source: str) -> Element:
    """The document's root; entity declarations are refused, never expanded."""
    try:
        return defusedxml.ElementTree.fromstring(data)
    except defusedxml.EntitiesForbidden as error:
        raise SourceError(
            f"{source} refused: the XML declares entities (<!ENTITY {error.name}>), which could "
            "expand without limit or read other files; an OHMS export declares none",
            file=source,
            line=data[: max(data.find(b"<!ENTITY"), 0)].count(b"\n") + 1,
        ) from None
    except defusedxml.DefusedXmlException as error:
        raise SourceError(f"{source} refused: {error}", file=source) from None
    except (LookupError, UnicodeError) as error:
        # The XML declaration names an encoding Python lacks, or the bytes do not fit it.
        raise SourceError(
            f"{source} cannot be decoded ({error}); expected UTF-8 as OHMS exports it",
            file=source,
            line=1,
        ) from None
    except ParseError as error:
        line, column = error.position
        reason = EXPAT_POSITION.sub("", str(error))
        hint = EXPAT_HINTS.get(reason, "expected well-formed XML as OHMS exports it")
        raise SourceError(
            f"{source} is not well-formed XML (line {line}, column {column + 1}): {reason}; {hint}",
            file=source,
            line=line,
        ) from None


def _record(root: Element, source: str) -> Element:
    for element in root.iter():
        if _local(element.tag) == "record":
            return element
    raise SourceError(
        f"{source} has no <record> element; expected an OHMS export (<ROOT><record>...)",
        file=source,
    )


def _local(tag: object) -> str:
    """`{namespace}name` -> `name`, so v4 (no namespace) reads like v5 and v6."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _raw_text(element: Element, name: str) -> str:
    return next((child.text or "" for child in _children(element, name)), "")


def _child_text(element: Element, name: str) -> str:
    """The plain text of the first child called `name` that says something."""
    for child in _children(element, name):
        text = _plain(child.text)
        if text.lower() not in PLACEHOLDERS:
            return text
    return ""


def _items(element: Element, names: tuple[str, ...]) -> list[str]:
    """The items of `;`-separated lists in the named children, trimmed, each once."""
    items = [
        _tidy(part)
        for name in names
        for child in _children(element, name)
        for part in _unmarked(child.text).split(";")
    ]
    return list(dict.fromkeys(item for item in items if item))


def _unmarked(text: str | None) -> str:
    """HTML in OHMS text fields (tags, `&quot;`, `<br>`) made plain; whitespace kept."""
    return html.unescape(INLINE_TAG.sub("", BLOCK_TAG.sub(" ", text or "")))


def _tidy(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _plain(text: str | None) -> str:
    return _tidy(_unmarked(text))


def _header(record: Element) -> dict[str, str]:
    header = {"date": _date(record), "media": _media(record)}
    for key in HEADER_KEYS:
        names = HEADER_ELEMENTS.get(key, (key,))
        if key in LIST_KEYS:
            header[key] = "; ".join(_items(record, names))
        elif key not in header:
            texts = (_child_text(record, name) for name in names)
            header[key] = "; ".join(dict.fromkeys(text for text in texts if text))
    return {key: header[key] for key in HEADER_KEYS if header[key]}


def _date(record: Element) -> str:
    for element in _children(record, "date"):
        value = _plain(element.get("value")) or _plain(element.text)
        if value:
            return value
    return _child_text(record, "date_nonpreferred_format")


def _media(record: Element) -> str:
    """The media URL, else the file name, else the hosting service's clip."""
    named = _child_text(record, "media_url") or _child_text(record, "file_name")
    if named:
        return named
    for mediafile in _children(record, "mediafile"):
        clip, host = _child_text(mediafile, "host_clip_id"), _child_text(mediafile, "host")
        if clip:
            return f"{host}: {clip}" if host and host.lower() != "other" else clip
    return ""


def _chapters(record: Element, warnings: _Warnings) -> tuple[TranscriptChapter, ...]:
    chapters: list[TranscriptChapter] = []
    points = [point for index in _children(record, "index") for point in _children(index, "point")]
    for number, point in enumerate(points, start=1):
        title, time = _child_text(point, "title"), _plain(_raw_text(point, "time"))
        named = f"index point {number} ({title!r})" if title else f"index point {number}"
        start = _point_seconds(time)
        if start is None:
            warnings.add(f"{named} has no readable <time> ({time!r}); expected seconds; skipped")
            continue
        if not title:
            warnings.add(f"{named} at {format_timecode(start)} has no title")
        places = (_child_text(spot, "gps") for spot in _children(point, "gpspoints"))
        synopsis = _child_text(point, "synopsis") or _child_text(point, "partial_transcript")
        keywords = tuple(_items(point, ("keywords", "subjects")))
        gps = next((place for place in places if place), None)
        chapters.append(TranscriptChapter(start, title, synopsis or None, keywords, gps))
    return tuple(chapters)


def _point_seconds(text: str) -> float | None:
    """Index times are whole seconds in OHMS; a timecode is read too, anything else is not."""
    if SECONDS.match(text):
        return float(text)
    try:
        return parse_timecode(text)
    except ValueError:
        return None


def _transcript(record: Element, data: bytes, warnings: _Warnings) -> tuple[TranscriptSegment, ...]:
    """WebVTT (in `<vtt_transcript>`, or `<transcript>` starting WEBVTT) wins over legacy text."""
    texts = {
        name: text
        for name in ("vtt_transcript", "transcript")
        if (text := _raw_text(record, name)).strip().lower() not in PLACEHOLDERS
    }
    for name, text in texts.items():
        if text.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
            if len(texts) > 1:
                warnings.add("both <vtt_transcript> and <transcript> hold text; used the WebVTT")
            return _vtt_segments(text, _text_line(data, name), warnings)
    sync = _raw_text(record, "sync").strip()
    if "transcript" in texts:
        return _legacy_segments(texts["transcript"], sync, _text_line(data, "transcript"), warnings)
    if sync:
        warnings.add("a sync map but no transcript text; sync map ignored")
    return ()


def _text_line(data: bytes, name: str) -> int | None:
    """The file line on which the element's text begins, so segments can name file lines;
    None when the tag cannot be found in the bytes (UTF-16)."""
    tag = re.search(rb"<(?:[\w.-]+:)?" + name.encode() + rb"(?:\s[^>]*)?>", data)
    if tag is None:
        return None
    begins = tag.end() + (len(b"<![CDATA[") if data.startswith(b"<![CDATA[", tag.end()) else 0)
    return data.count(b"\n", 0, begins) + 1


def _file_line(first: int | None, line: int) -> int | None:
    return None if first is None else first + line - 1


def _vtt_segments(
    text: str, first: int | None, warnings: _Warnings
) -> tuple[TranscriptSegment, ...]:
    """Cues as segments. Unlike plain WebVTT, a cue without `<v>` continues the last speaker:
    OHMS marks the voice only where a turn begins."""
    segments: list[TranscriptSegment] = []
    speaker: str | None = None
    for number, timing, body in _cues(text.split("\n")):
        line, times = _file_line(first, number), read_timing(timing)
        if times is None:
            warnings.add(f"cannot read the cue timing {timing.strip()!r}; cue skipped", line)
            continue
        start, end = times
        voice = VOICE.match(body)
        if voice:
            speaker, body = _plain(voice.group(1)) or None, body[voice.end() :]
        said = _plain(body)
        if not said:
            continue
        if end < start:
            # OHMS writes 00:00:00 as the end of a last cue whose end it does not know.
            warnings.add(f"cue ends before it starts ({end:g}s < {start:g}s); end left open", line)
        if segments and start < segments[-1].start:
            earlier = segments[-1].start
            warnings.add(f"timecode goes backwards ({start:g}s after {earlier:g}s)", line)
        closing = end if end >= start else None
        segments.append(TranscriptSegment(start, closing, speaker, said, line))
    return tuple(segments)


def _cues(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line number, timing line, text) of each cue; notes and the signature fall outside."""
    cues: list[tuple[int, str, list[str]]] = []
    current: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        if "-->" in line:
            current = []
            cues.append((number, line, current))
        elif not line.strip():
            current = None
        elif current is not None:
            current.append(line)
    return [(number, timing, "\n".join(body)) for number, timing, body in cues]


def _legacy_segments(
    text: str, sync: str, first: int | None, warnings: _Warnings
) -> tuple[TranscriptSegment, ...]:
    """Segments cut at each sync point and at each speaker turn (at paragraphs too when there
    is no sync map). A cut between sync points gets a time interpolated by word position."""
    words = _TranscriptWords(text.split("\n"))
    points = _placed_sync_points(_sync_entries(sync, warnings), words, warnings)
    turns, labels = words.turns()
    cuts = {index for _, index in points} | set(turns)
    if len(points) == 1:
        warnings.add("no sync map: the transcript has no timings; every segment starts at 0:00")
        cuts |= words.paragraph_starts()
    ordered, skipped = sorted(cuts), labels | words.notes
    pieces: list[tuple[float, str | None, str, int | None]] = []
    speaker: str | None = None
    for begin, end in zip(ordered, [*ordered[1:], len(words.tokens)], strict=True):
        speaker = turns.get(begin, speaker)
        kept = " ".join(words.tokens[i] for i in range(begin, end) if i not in skipped)
        body = _plain(FOOTNOTE_MARK.sub(r"[\1]", TEXT_TIMESTAMP.sub("", kept)))
        if body:
            line = _file_line(first, words.token_line[begin])
            pieces.append((_time_at(begin, points), speaker, body, line))
    # Times never decrease along the text, so each segment ends where the next begins.
    ends = [start for start, *_ in pieces[1:]]
    return tuple(
        TranscriptSegment(start, end, speaker, body, line)
        for (start, speaker, body, line), end in zip_longest(pieces, ends)
    )


def _sync_entries(sync: str, warnings: _Warnings) -> list[tuple[float, int, int]]:
    """(seconds, line, word) from `1:|13(3)|19(14)|...`: the number before ":" is the interval
    in minutes; the n-th entry `L(W)` says that at n intervals the speech has reached word W
    of line L, both counted from 1 as the text stands."""
    if not sync:
        return []
    interval, _, listing = sync.partition(":")
    if not interval.strip().isdigit() or int(interval) < 1:
        warnings.add(f"sync map {sync[:20]!r} does not start with an interval such as '1:'")
        return []
    pieces = listing.split("|")
    pieces = pieces[1:] if pieces and not pieces[0].strip() else pieces
    entries, unread = [], []
    for number, piece in enumerate(pieces, start=1):
        match = SYNC_ENTRY.match(piece)
        if match:
            entries.append((number * int(interval) * 60.0, int(match[1]), int(match[2])))
        elif piece.strip() or number < len(pieces):
            unread.append(piece)
    if unread:
        first = f"{len(unread)}, first {unread[0]!r}"
        warnings.add(f"sync map entries not of the form line(word): {first}; skipped")
    return entries


def _placed_sync_points(
    entries: list[tuple[float, int, int]], words: _TranscriptWords, warnings: _Warnings
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
        warnings.add(f"sync points past the end of their line: {where}; each put at that end")
    if backwards:
        when = f"{len(backwards)}, first at {backwards[0]}"
        warnings.add(f"sync points going back in the text: {when}; each kept at the one before")
    return points


def _time_at(index: int, points: list[tuple[float, int]]) -> float:
    """Seconds at a word: the sync point there, else interpolated between the points around
    it; after the last point, that point's time (no later point to interpolate towards)."""
    at = bisect_right([place for _, place in points], index) - 1
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
