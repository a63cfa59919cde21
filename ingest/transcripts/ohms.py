"""OHMS XML exports (versions 4-6): record metadata, index points and the transcript."""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import zip_longest
from xml.etree.ElementTree import Element, ParseError

import defusedxml

from archive.timecodes import timecode as format_timecode
from ingest.errors import SourceError
from ingest.timecodes import MAX_SECONDS, parse_timecode
from ingest.transcripts.captions import excerpt, read_timing
from ingest.transcripts.model import (
    HEADER_KEYS,
    ParsedTranscript,
    TranscriptChapter,
    TranscriptSegment,
    TranscriptWarning,
)
from ingest.transcripts.ohms_sync import legacy_passages
from ingest.transcripts.untrusted_xml import parse_untrusted

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
SECONDS = re.compile(r"^\d+(?:\.\d+)?$")
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
        return parse_untrusted(data)
    except defusedxml.EntitiesForbidden as error:
        raise SourceError(
            f"refused: the XML declares entities (<!ENTITY {error.name}>), which could "
            "expand without limit or read other files; an OHMS export declares none",
            file=source,
            line=_line_of(data, b"<!ENTITY"),
        ) from None
    except defusedxml.DTDForbidden as error:
        raise SourceError(
            f"refused: the XML names an external DTD ({error.sysid or error.pubid!r}), "
            "which could read other files; an OHMS export names none",
            file=source,
            line=_line_of(data, b"<!DOCTYPE"),
        ) from None
    except defusedxml.DefusedXmlException as error:
        raise SourceError(f"refused: {error}", file=source) from None
    except (LookupError, ValueError) as error:
        # The XML declaration names an encoding Python lacks or expat cannot read
        # (multi-byte ones such as UTF-32), or the bytes do not fit it.
        raise SourceError(
            f"cannot be decoded ({error}); expected UTF-8 as OHMS exports it",
            file=source,
            line=1,
        ) from None
    except ParseError as error:
        line, column = error.position
        reason = EXPAT_POSITION.sub("", str(error))
        hint = EXPAT_HINTS.get(reason, "expected well-formed XML as OHMS exports it")
        raise SourceError(
            f"not well-formed XML (line {line}, column {column + 1}): {reason}; {hint}",
            file=source,
            line=line,
        ) from None


def _line_of(data: bytes, marker: bytes) -> int:
    """The line where `marker` first occurs (1 if it does not: UTF-16, say)."""
    return data[: max(data.find(marker), 0)].count(b"\n") + 1


def _record(root: Element, source: str) -> Element:
    for element in root.iter():
        if _local(element.tag) == "record":
            return element
    raise SourceError(
        "no <record> element; expected an OHMS export (<ROOT><record>...)",
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
        text = _clean_text(child.text)
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


def _clean_text(text: str | None) -> str:
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
        value = _clean_text(element.get("value")) or _clean_text(element.text)
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
        title, time = _child_text(point, "title"), _clean_text(_raw_text(point, "time"))
        named = f"index point {number} ({title!r})" if title else f"index point {number}"
        start = _point_seconds(time)
        if start is None:
            shown = time if len(time) <= 40 else time[:37] + "..."
            warnings.add(f"{named} has no readable <time> ({shown!r}); expected seconds; skipped")
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
    """Index times are whole seconds in OHMS; a timecode is read too, anything else is not
    (nor a number of seconds past any recording, which could be too big for a float)."""
    if SECONDS.match(text):
        seconds = float(text)
        return seconds if seconds < MAX_SECONDS else None
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
            warnings.add(f"cannot read the cue timing {excerpt([timing])!r}; cue skipped", line)
            continue
        start, end = times
        voice = VOICE.match(body)
        if voice:
            speaker, body = _clean_text(voice.group(1)) or None, body[voice.end() :]
        said = _clean_text(body)
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
    """The legacy transcript's passages (`ohms_sync`) as segments with the markup removed;
    a passage left with no text gives no segment."""
    pieces = [
        (passage.start, passage.speaker, body, _file_line(first, passage.line))
        for passage in legacy_passages(text, sync, warnings)
        if (body := _clean_text(passage.text))
    ]
    # Times never decrease along the text, so each segment ends where the next begins.
    ends = [start for start, *_ in pieces[1:]]
    return tuple(
        TranscriptSegment(start, end, speaker, body, line)
        for (start, speaker, body, line), end in zip_longest(pieces, ends)
    )
