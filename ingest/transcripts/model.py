"""What every transcript parser returns.

A parser is a pure function `(data: bytes, source: str) -> ParsedTranscript`:
`source` is the file's name as the archivist knows it, used in messages. A
fatal problem raises `ingest.errors.SourceError` naming the file and line; a
problem the parser can work around becomes a `TranscriptWarning`.

`header` holds the metadata the file itself carries, under these keys when
present: title, accession, date, interviewer, interviewee, language, summary,
keywords, rights, repository, collection, media (media file name or URL),
description. Values are plain strings; lists are joined with "; ".
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADER_KEYS = (
    "title",
    "accession",
    "date",
    "interviewer",
    "interviewee",
    "language",
    "summary",
    "keywords",
    "rights",
    "repository",
    "collection",
    "media",
    "description",
)


@dataclass(frozen=True)
class TranscriptSegment:
    """The stretch from one timecode to the next. `part` counts tapes within one
    file whose timecodes restart per tape; it is 1 in single-tape files."""

    start: float
    end: float | None
    speaker: str | None
    text: str
    line: int | None
    part: int = 1


@dataclass(frozen=True)
class TranscriptChapter:
    """An index point (OHMS) or chapter the file itself defines."""

    start: float
    title: str
    synopsis: str | None = None
    keywords: tuple[str, ...] = ()
    gps: str | None = None
    part: int = 1


@dataclass(frozen=True)
class TranscriptWarning:
    line: int | None
    message: str


@dataclass(frozen=True)
class ParsedTranscript:
    source: str
    header: dict[str, str] = field(default_factory=dict)
    segments: tuple[TranscriptSegment, ...] = ()
    warnings: tuple[TranscriptWarning, ...] = ()
    chapters: tuple[TranscriptChapter, ...] = ()

    @property
    def last_start(self) -> float:
        return max((s.start for s in self.segments), default=0.0)

    @property
    def parts(self) -> int:
        return max((s.part for s in self.segments), default=1)
