"""A testimony's transcript one page at a time: the spoken segments of a page,
each with the translation segments aligned to it, so that a very long
transcript is never read or sent whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from archive.errors import NotFound
from archive.models import Segment, Testimony
from archive.queries import visible_to_public
from archive.records import SegmentRecord

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

    @property
    def previous_number(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def transcript_page(
    session: Session,
    accession: str,
    *,
    today: date,
    staff: bool,
    number: int | None = None,
    part: int | None = None,
    at: float = 0.0,
    size: int = SEGMENTS_PER_PAGE,
) -> TranscriptPage:
    """Page `number`, or else the page holding the moment `at` seconds into `part`."""
    testimony_id = _testimony_id(session, accession, today=today, staff=staff)
    spoken = and_(Segment.testimony_id == testimony_id, Segment.language.is_(None))
    total = session.scalar(select(func.count()).where(spoken)) or 0
    count = -(-total // size)
    if number is None:
        number = _index_at(session, spoken, part, at) // size + 1 if part else 1
    number = min(max(number, 1), max(count, 1))
    first_index = (number - 1) * size
    page_rows = session.scalars(
        select(Segment)
        .where(spoken)
        .order_by(Segment.part, Segment.position)
        .offset(first_index)
        .limit(size + 1)  # one more: where the next page begins
    ).all()
    segments = [_segment_record(s) for s in page_rows[:size]]
    following = _segment_record(page_rows[size]) if len(page_rows) > size else None
    parts = tuple(
        session.scalars(select(Segment.part).distinct().where(spoken).order_by(Segment.part))
    )
    languages = tuple(
        session.scalars(
            select(Segment.language)
            .distinct()
            .where(Segment.testimony_id == testimony_id, Segment.language.is_not(None))
            .order_by(Segment.language)
        )
    )
    rows = _aligned(session, testimony_id, segments, following, first_page=number == 1)
    return TranscriptPage(number, count, first_index, total, rows, parts, languages, following)


def moment_positions(
    session: Session, accession: str, moments: list[tuple[int, float]]
) -> list[int | None]:
    """For each (part, seconds), the position of the spoken segment playing
    then: the #seg- anchor of a chapter's link."""
    positions = []
    for part, at in moments:
        positions.append(
            session.scalar(
                select(Segment.position)
                .join(Testimony)
                .where(
                    Testimony.accession == accession,
                    Segment.language.is_(None),
                    Segment.part == part,
                    Segment.start <= at + 0.001,
                )
                .order_by(Segment.position.desc())
                .limit(1)
            )
        )
    return positions


def _testimony_id(session: Session, accession: str, *, today: date, staff: bool) -> int:
    statement = select(Testimony.id).where(Testimony.accession == accession)
    if not staff:
        statement = statement.where(visible_to_public(today))
    testimony_id = session.scalar(statement)
    if testimony_id is None:
        raise NotFound(f"no testimony {accession!r}")
    return testimony_id


def _index_at(session: Session, spoken, part: int, at: float) -> int:
    """Index among all spoken segments of the one playing `at` seconds into
    `part` (the part's first when `at` is before it)."""
    before = session.scalar(select(func.count()).where(spoken, Segment.part < part)) or 0
    within = (
        session.scalar(
            select(func.count()).where(spoken, Segment.part == part, Segment.start <= at + 0.001)
        )
        or 0
    )
    return max(before + max(within, 1) - 1, 0)


def _after(part: int, start: float):
    return or_(Segment.part > part, and_(Segment.part == part, Segment.start >= start))


def _aligned(
    session: Session,
    testimony_id: int,
    segments: list[SegmentRecord],
    following: SegmentRecord | None,
    *,
    first_page: bool,
) -> tuple[TranscriptRow, ...]:
    """Rows of the page: each translation segment joins the spoken segment
    playing at its start (the first one, for what comes before any)."""
    if not segments:
        return ()
    statement = select(Segment).where(
        Segment.testimony_id == testimony_id, Segment.language.is_not(None)
    )
    if not first_page:
        statement = statement.where(_after(segments[0].part, segments[0].start))
    if following is not None:
        statement = statement.where(~_after(following.part, following.start))
    translated: list[dict[str, list[SegmentRecord]]] = [{} for _ in segments]
    row = 0
    for translation in session.scalars(
        statement.order_by(Segment.part, Segment.start, Segment.position)
    ):
        key = (translation.part, translation.start)
        while row + 1 < len(segments) and (segments[row + 1].part, segments[row + 1].start) <= key:
            row += 1
        translated[row].setdefault(translation.language, []).append(_segment_record(translation))
    return tuple(
        TranscriptRow(segment, tuple((lang, tuple(s)) for lang, s in sorted(by_language.items())))
        for segment, by_language in zip(segments, translated, strict=True)
    )


def _segment_record(row: Segment) -> SegmentRecord:
    return SegmentRecord(
        row.part, row.position, row.start, row.end, row.speaker_label, row.text, row.language
    )
