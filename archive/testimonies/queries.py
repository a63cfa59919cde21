"""Read queries over the catalogue, returning plain records.

Every query that can reach a testimony takes the `Asker` (archive.access): the
public sees only what the access rule allows on that day, and a testimony it
may not see is reported as not found, never as forbidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from archive.access import Asker
from archive.audio import audio_facts
from archive.errors import NotFound
from archive.models import Collection, Recording, Speaker, Testimony
from archive.testimonies.records import (
    ChapterRecord,
    CollectionRecord,
    NamedTerm,
    RecordingRecord,
    SegmentRecord,
    SpeakerRef,
    TestimonyRecord,
    TestimonySummary,
)
from archive.vocabularies import COUNTRIES


def visible_to_public(today: date) -> ColumnElement[bool]:
    """SQL form of `archive.access.is_public`."""
    return or_(
        Testimony.access == "public",
        and_(Testimony.access == "embargoed", Testimony.embargo_until <= today),
    )


def visible_only(statement, asker: Asker):
    """The statement over testimonies, narrowed to those the asker may see."""
    return statement if asker.staff else statement.where(visible_to_public(asker.today))


def list_collections(session: Session) -> list[CollectionRecord]:
    """Every collection, whatever it holds (staff and command-line use)."""
    rows = session.scalars(select(Collection).order_by(Collection.title))
    return [collection_record(row) for row in rows]


def visible_collections(session: Session, *, asker: Asker) -> list[CollectionRecord]:
    """The collections the asker may know of: for the public, only those
    holding a testimony it may see today (a collection of restricted or
    still-embargoed testimonies does not exist for it, and appears by itself
    on the day an embargo lifts); for staff, every collection."""
    if asker.staff:
        return list_collections(session)
    holding = select(Testimony.collection_id).where(visible_to_public(asker.today))
    rows = session.scalars(
        select(Collection).where(Collection.id.in_(holding)).order_by(Collection.title)
    )
    return [collection_record(row) for row in rows]


def list_testimonies(
    session: Session, *, asker: Asker, limit: int | None = None
) -> list[TestimonySummary]:
    """The testimonies by accession; the first `limit` only, when given."""
    statement = visible_only(select(Testimony), asker).options(
        selectinload(Testimony.speakers),
        selectinload(Testimony.countries),
        selectinload(Testimony.collection),
    )
    rows = session.scalars(statement.order_by(Testimony.accession).limit(limit))
    return [testimony_summary(row) for row in rows]


def count_testimonies(session: Session, *, asker: Asker) -> int:
    statement = visible_only(select(func.count(Testimony.id)), asker)
    return session.scalar(statement) or 0


def get_testimony(
    session: Session, accession: str, *, asker: Asker, with_segments: bool = True
) -> TestimonyRecord:
    """The testimony; without its segments (an empty tuple) when the caller
    reads them a page at a time (archive.testimonies.transcript_pages)."""
    statement = visible_only(select(Testimony).where(Testimony.accession == accession), asker)
    row = session.scalar(statement)
    if row is None:
        raise NotFound(f"no testimony {accession!r}")
    return testimony_record(row, with_segments=with_segments)


def get_recording(session: Session, accession: str, part: int, *, asker: Asker) -> RecordingRecord:
    statement = visible_only(
        select(Recording)
        .join(Testimony)
        .where(Testimony.accession == accession, Recording.part == part),
        asker,
    )
    row = session.scalar(statement)
    if row is None:
        raise NotFound(f"no recording part {part} of testimony {accession!r}")
    return _recording_record(row)


def iter_testimonies(
    session: Session, accessions: list[str] | None = None
) -> Iterator[TestimonyRecord]:
    """Every testimony (all access levels: the index stores and filters access)."""
    statement = (
        select(Testimony)
        .order_by(Testimony.accession)
        .options(
            selectinload(Testimony.segments),
            selectinload(Testimony.chapters),
            selectinload(Testimony.recordings),
            selectinload(Testimony.speakers).selectinload(Speaker.origin_countries),
            selectinload(Testimony.countries),
            selectinload(Testimony.themes),
            selectinload(Testimony.collection),
        )
    )
    if accessions is not None:
        statement = statement.where(Testimony.accession.in_(accessions))
    for row in session.scalars(statement):
        yield testimony_record(row)


def index_states(session: Session) -> dict[str, tuple[str | None, str | None]]:
    """accession -> (source checksum, checksum the index holds)."""
    rows = session.execute(
        select(Testimony.accession, Testimony.source_checksum, Testimony.indexed_checksum)
    )
    return {accession: (source, indexed) for accession, source, indexed in rows}


def stale_accessions(session: Session) -> list[str]:
    """Accessions of the testimonies whose catalogue version the index does not
    hold yet, in the order they were catalogued."""
    statement = (
        select(Testimony.accession)
        .where(Testimony.source_checksum.is_distinct_from(Testimony.indexed_checksum))
        .order_by(Testimony.id)
    )
    return list(session.scalars(statement))


def all_accessions(session: Session) -> set[str]:
    """Every accession the catalogue holds, in any collection."""
    return set(session.scalars(select(Testimony.accession)))


def collection_record(row: Collection) -> CollectionRecord:
    return CollectionRecord(
        row.slug, row.title, row.description, row.publisher, row.rights, row.fictional, row.notice
    )


def _speaker_refs(row: Testimony, *, origins: bool = False) -> tuple[SpeakerRef, ...]:
    # Origins only for full records: listings would load them speaker by speaker.
    return tuple(
        SpeakerRef(
            s.slug,
            s.name,
            tuple(s.name_variants),
            s.biography,
            country_terms(s.origin_countries) if origins else (),
            _destination_terms(s.destinations) if origins else (),
        )
        for s in row.speakers
    )


def _destination_terms(codes) -> tuple[NamedTerm, ...]:
    """A speaker's destinations (stored as codes) as (code, name) terms."""
    named = (COUNTRIES.get(code) for code in codes or ())
    return tuple(NamedTerm(c.code, c.name) for c in named if c is not None)


def country_terms(countries) -> tuple[NamedTerm, ...]:
    """Country rows as (code, name) terms."""
    return tuple(NamedTerm(c.code, c.name) for c in countries)


def theme_terms(themes) -> tuple[NamedTerm, ...]:
    """Theme rows as (id, label) terms."""
    return tuple(NamedTerm(t.id, t.label) for t in themes)


def testimony_summary(row: Testimony) -> TestimonySummary:
    return TestimonySummary(
        accession=row.accession,
        title=row.title,
        collection_slug=row.collection.slug,
        speakers=_speaker_refs(row),
        recorded=row.recorded,
        countries=country_terms(row.countries),
        year_from=row.year_from,
        year_to=row.year_to,
        access=row.access,
        embargo_until=row.embargo_until,
    )


def _recording_record(row: Recording) -> RecordingRecord:
    return RecordingRecord(
        part=row.part,
        path=row.path,
        readable=row.readable,
        problem=row.problem,
        **audio_facts(row),
    )


def testimony_record(row: Testimony, *, with_segments: bool = True) -> TestimonyRecord:
    return TestimonyRecord(
        accession=row.accession,
        title=row.title,
        collection=collection_record(row.collection),
        speakers=_speaker_refs(row, origins=True),
        interviewers=tuple(row.interviewers),
        recorded=row.recorded,
        place=row.place,
        languages=tuple(row.languages),
        summary=row.summary,
        countries=country_terms(row.countries),
        year_from=row.year_from,
        year_to=row.year_to,
        themes=theme_terms(row.themes),
        access=row.access,
        embargo_until=row.embargo_until,
        rights=row.rights,
        recordings=tuple(_recording_record(r) for r in row.recordings),
        segments=tuple(
            SegmentRecord(s.part, s.position, s.start, s.end, s.speaker_label, s.text, s.language)
            for s in (row.segments if with_segments else ())
        ),
        chapters=tuple(
            ChapterRecord(c.part, c.start, c.title, c.synopsis, tuple(c.keywords))
            for c in row.chapters
        ),
        source_checksum=row.source_checksum,
    )


def collection_accessions(session: Session, collection_slug: str) -> set[str]:
    statement = (
        select(Testimony.accession).join(Collection).where(Collection.slug == collection_slug)
    )
    return set(session.scalars(statement))


def catalogued_accessions(session: Session, accessions: Iterable[str]) -> set[str]:
    """Which of these accessions the catalogue holds, in any collection."""
    wanted = sorted(set(accessions))
    statement = select(Testimony.accession).where(Testimony.accession.in_(wanted))
    return set(session.scalars(statement)) if wanted else set()


def list_recordings(session: Session) -> list[tuple[str, RecordingRecord]]:
    """Every recording with its testimony's accession (all access levels), for checks."""
    rows = session.execute(
        select(Testimony.accession, Recording)
        .join(Recording.testimony)
        .order_by(Testimony.accession, Recording.part)
    )
    return [(accession, _recording_record(recording)) for accession, recording in rows]
