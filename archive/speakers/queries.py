"""Speakers for the speaker finder and their pages: plain records, and only
speakers the public may know of — those with a testimony the asker may see,
or a talk in a programme. A speaker known only from restricted testimonies
does not exist for the public."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from archive.access import Asker
from archive.errors import NotFound
from archive.models import Speaker, Testimony, testimony_speakers
from archive.models.programmes import talk_speakers
from archive.testimonies.queries import (
    country_terms,
    testimony_summary,
    theme_terms,
    visible_only,
    visible_to_public,
)
from archive.testimonies.records import NamedTerm, TestimonySummary
from archive.vocabularies.themes import narrower_closure


@dataclass(frozen=True)
class SpeakerRecord:
    slug: str
    name: str
    name_variants: tuple[str, ...]
    birth_year: int | None
    birthplace: str | None
    origin_countries: tuple[NamedTerm, ...]
    departure_year: int | None
    departure_route: str | None
    destinations: tuple[str, ...]
    languages: tuple[str, ...]
    biography: str | None
    speaks_on: tuple[NamedTerm, ...]
    formats: tuple[str, ...]
    available: bool
    pitch: str | None = None  # one line for the speaker finder's card
    portrait_path: str | None = None  # the image file, resolved like a recording's path


@dataclass(frozen=True)
class SpeakerFilters:
    countries: tuple[str, ...] = ()  # of origin: where the speaker came from
    destinations: tuple[str, ...] = ()  # where the speaker went
    themes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    available_only: bool = False


def _known(asker: Asker):
    """SQL: the speaker has a visible testimony, or a talk."""
    if asker.staff:
        return select(Speaker)
    has_testimony = exists().where(
        testimony_speakers.c.speaker_id == Speaker.id,
        testimony_speakers.c.testimony_id == Testimony.id,
        visible_to_public(asker.today),
    )
    has_talk = exists().where(talk_speakers.c.speaker_id == Speaker.id)
    return select(Speaker).where(or_(has_testimony, has_talk))


def find_speakers(
    session: Session, filters: SpeakerFilters, *, asker: Asker
) -> list[SpeakerRecord]:
    statement = (
        _known(asker)
        .options(selectinload(Speaker.origin_countries), selectinload(Speaker.speaks_on))
        .order_by(Speaker.name)
    )
    themes: set[str] = set()
    for theme in filters.themes:
        themes |= narrower_closure(theme)
    found = []
    for row in session.scalars(statement):
        record = speaker_record(row)
        if _admits(record, filters, themes):
            found.append(record)
    return found


def _admits(record: SpeakerRecord, filters: SpeakerFilters, themes: set[str]) -> bool:
    def any_of(selected, values) -> bool:
        return not selected or any(v in selected for v in values)

    year = record.departure_year
    in_years = (filters.year_from is None and filters.year_to is None) or (
        year is not None
        and (filters.year_from is None or year >= filters.year_from)
        and (filters.year_to is None or year <= filters.year_to)
    )
    return (
        any_of(filters.countries, (c.id for c in record.origin_countries))
        and any_of(filters.destinations, record.destinations)
        and any_of(themes, (t.id for t in record.speaks_on))
        and any_of(filters.languages, record.languages)
        and any_of(filters.formats, record.formats)
        and (not filters.available_only or record.available)
        and in_years
    )


def get_speaker(session: Session, slug: str, *, asker: Asker) -> SpeakerRecord:
    row = session.scalar(_known(asker).where(Speaker.slug == slug))
    if row is None:
        raise NotFound(f"no speaker {slug!r}")
    return speaker_record(row)


def speaker_testimonies(session: Session, slug: str, *, asker: Asker) -> list[TestimonySummary]:
    statement = visible_only(
        select(Testimony).join(Testimony.speakers).where(Speaker.slug == slug), asker
    )
    return [
        testimony_summary(row) for row in session.scalars(statement.order_by(Testimony.accession))
    ]


def testimony_counts(session: Session, *, asker: Asker) -> dict[str, int]:
    """How many testimonies (the asker may see) each speaker gave, by slug."""
    statement = (
        select(Speaker.slug, func.count(Testimony.id))
        .join(testimony_speakers, testimony_speakers.c.speaker_id == Speaker.id)
        .join(Testimony, Testimony.id == testimony_speakers.c.testimony_id)
        .group_by(Speaker.slug)
    )
    statement = visible_only(statement, asker)
    return {slug: int(count) for slug, count in session.execute(statement)}


def speaker_record(row: Speaker) -> SpeakerRecord:
    return SpeakerRecord(
        slug=row.slug,
        name=row.name,
        name_variants=tuple(row.name_variants),
        birth_year=row.birth_year,
        birthplace=row.birthplace,
        origin_countries=country_terms(row.origin_countries),
        departure_year=row.departure_year,
        departure_route=row.departure_route,
        destinations=tuple(row.destinations),
        languages=tuple(row.languages),
        biography=row.biography,
        speaks_on=theme_terms(row.speaks_on),
        formats=tuple(row.formats),
        available=row.available,
        pitch=row.pitch,
        portrait_path=row.portrait,
    )
