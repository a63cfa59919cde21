"""A testimony's transcript one page at a time: the spoken segments of a page,
each with the translation segments aligned to it, so that a very long
transcript is never read or sent whole."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, and_, or_, select
from sqlalchemy.orm import Session

from archive.access import Asker
from archive.errors import NotFound
from archive.models import Segment, Testimony
from archive.testimonies.queries import visible_only
from archive.testimonies.records import SegmentRecord

# Enough for most interviews to fit on one page (an hour is 300-600 segments);
# a page of this many segments stays well under a megabyte.
SEGMENTS_PER_PAGE = 400


@dataclass(frozen=True)
class TranscriptRow:
    """A spoken segment and, per translation language, the segments that translate it."""

    segment: SegmentRecord
    translations: tuple[tuple[str, tuple[SegmentRecord, ...]], ...] = ()

    def translated(self, language: str) -> tuple[SegmentRecord, ...]:
        return next((s for lang, s in self.translations if lang == language), ())


@dataclass(frozen=True)
class TranscriptPage:
    number: int  # from 1
    count: int  # pages in all (0: no transcript)
    first_index: int  # index of the page's first segment among all spoken ones
    total: int  # spoken segments in all
    rows: tuple[TranscriptRow, ...]
    parts: tuple[int, ...]  # parts that have spoken segments, on any page
    languages: tuple[str, ...]  # the translations' languages
    following: SegmentRecord | None  # the next page's first segment
    # Per moment asked about (part, seconds): the position of the spoken
    # segment playing then, for #seg- anchors (chapters' links).
    anchors: tuple[int | None, ...] = ()

    @property
    def previous_number(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


# Where a segment is, without its text: a row (part, position, start, language).
_Mark = Row[tuple[int, int, float, str | None]]


def transcript_page(
    session: Session,
    accession: str,
    *,
    asker: Asker,
    number: int | None = None,
    part: int | None = None,
    at: float = 0.0,
    anchors: tuple[tuple[int, float], ...] = (),
    size: int = SEGMENTS_PER_PAGE,
) -> TranscriptPage:
    """Page `number`, or else the page holding the moment `at` seconds into `part`."""
    testimony_id = _testimony_id(session, accession, asker)
    # One read of where every segment is (no text): counts, parts, languages
    # and the page's bounds come from it; then only the page's text is read.
    marks = session.execute(
        select(Segment.part, Segment.position, Segment.start, Segment.language)
        .where(Segment.testimony_id == testimony_id)
        .order_by(Segment.part, Segment.position)
    ).all()
    spoken = [m for m in marks if m.language is None]
    count = -(-len(spoken) // size)
    if number is None:
        number = _index_at(spoken, part, at) // size + 1 if part else 1
    number = min(max(number, 1), max(count, 1))
    first_index = (number - 1) * size
    on_page = spoken[first_index : first_index + size]
    following = spoken[first_index + size] if len(spoken) > first_index + size else None
    segments = _read(session, testimony_id, on_page, spoken=True)
    return TranscriptPage(
        number=number,
        count=count,
        first_index=first_index,
        total=len(spoken),
        rows=_aligned(session, testimony_id, marks, segments, following, number == 1),
        parts=tuple(sorted({m.part for m in spoken})),
        languages=tuple(sorted({m.language for m in marks if m.language is not None})),
        following=_read(session, testimony_id, [following], spoken=True)[0] if following else None,
        anchors=tuple(_position_at(spoken, p, seconds) for p, seconds in anchors),
    )


def _testimony_id(session: Session, accession: str, asker: Asker) -> int:
    statement = visible_only(select(Testimony.id).where(Testimony.accession == accession), asker)
    testimony_id = session.scalar(statement)
    if testimony_id is None:
        raise NotFound(f"no testimony {accession!r}")
    return testimony_id


def _index_at(spoken: list[_Mark], part: int, at: float) -> int:
    """Index of the spoken segment playing `at` seconds into `part` (the part's
    first when `at` is before it; the last before the part when it has none)."""
    before, found = 0, None
    for index, mark in enumerate(spoken):
        if mark.part < part:
            before = index
        elif mark.part > part:
            break
        elif found is None or mark.start <= at + 0.001:
            found = index
    return before if found is None else found


def _position_at(spoken: list[_Mark], part: int, at: float) -> int | None:
    """Position of the spoken segment playing `at` seconds into `part` (the
    part's first when `at` is before it; None when the part has none)."""
    in_part = [m for m in spoken if m.part == part]
    playing = [m for m in in_part if m.start <= at + 0.001] or in_part[:1]
    return playing[-1].position if playing else None


def _read(
    session: Session, testimony_id: int, marks: list[_Mark], *, spoken: bool
) -> list[SegmentRecord]:
    """The segments at these marks (in order, of one kind: spoken or translated),
    read by the (testimony, part, position) index."""
    if not marks:
        return []
    first, last = marks[0], marks[-1]
    if first.part == last.part:
        where = and_(
            Segment.part == first.part, Segment.position.between(first.position, last.position)
        )
    else:
        where = or_(
            and_(Segment.part == first.part, Segment.position >= first.position),
            and_(Segment.part > first.part, Segment.part < last.part),
            and_(Segment.part == last.part, Segment.position <= last.position),
        )
    kind = Segment.language.is_(None) if spoken else Segment.language.is_not(None)
    rows = session.scalars(
        select(Segment)
        .where(Segment.testimony_id == testimony_id, kind, where)
        .order_by(Segment.part, Segment.position, Segment.language)
    )
    wanted = {(m.part, m.position, m.language) for m in marks}
    return [
        _segment_record(row) for row in rows if (row.part, row.position, row.language) in wanted
    ]


def _aligned(
    session: Session,
    testimony_id: int,
    marks: list[_Mark],
    segments: list[SegmentRecord],
    following: _Mark | None,
    first_page: bool,
) -> tuple[TranscriptRow, ...]:
    """Rows of the page: each translation segment joins the spoken segment
    playing at its start (the first one, for what comes before any)."""
    if not segments:
        return ()
    begin = (segments[0].part, segments[0].start)
    end = (following.part, following.start) if following else None
    on_page = [
        m
        for m in marks
        if m.language is not None
        and (first_page or (m.part, m.start) >= begin)
        and (end is None or (m.part, m.start) < end)
    ]
    translated: list[dict[str, list[SegmentRecord]]] = [{} for _ in segments]
    row = 0
    found = _read(session, testimony_id, on_page, spoken=False)
    for translation in sorted(found, key=lambda s: (s.part, s.start, s.position)):
        key = (translation.part, translation.start)
        while row + 1 < len(segments) and (segments[row + 1].part, segments[row + 1].start) <= key:
            row += 1
        translated[row].setdefault(translation.language, []).append(translation)
    return tuple(
        TranscriptRow(segment, tuple((lang, tuple(s)) for lang, s in sorted(by_language.items())))
        for segment, by_language in zip(segments, translated, strict=True)
    )


def _segment_record(row: Segment) -> SegmentRecord:
    return SegmentRecord(
        row.part, row.position, row.start, row.end, row.speaker_label, row.text, row.language
    )
