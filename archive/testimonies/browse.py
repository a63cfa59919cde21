"""Testimonies by the ways into the archive: countries in their two roles —
where the speakers came from ("from") and where they went ("to") — beside the
places a testimony tells of, and themes with their narrower themes. Only
testimonies the asker may see are counted or listed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from archive.access import Asker
from archive.models import Speaker, Testimony, testimony_speakers
from archive.models.catalogue import testimony_countries, testimony_themes
from archive.models.people import speaker_origin_countries
from archive.testimonies.queries import testimony_summary, visible_only
from archive.testimonies.records import TestimonySummary
from archive.vocabularies import COUNTRIES
from archive.vocabularies.themes import narrower_closure


@dataclass(frozen=True)
class CountryCount:
    """A country and how many testimonies have it in one role."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class CountryRoles:
    origins: tuple[CountryCount, ...]  # the speakers came from
    destinations: tuple[CountryCount, ...]  # the speakers went to


@dataclass(frozen=True)
class CountryTestimonies:
    """A country's testimonies by role; a testimony is listed in the first
    role that holds (from, to, then told of)."""

    origin: tuple[TestimonySummary, ...]
    destination: tuple[TestimonySummary, ...]
    told_of: tuple[TestimonySummary, ...]

    @property
    def total(self) -> int:
        return len(self.origin) + len(self.destination) + len(self.told_of)


def country_label(code: str) -> str:
    entry = COUNTRIES.get(code)
    return entry.name if entry is not None else code


def _ranked(counts: Counter[str]) -> tuple[CountryCount, ...]:
    labelled = [CountryCount(code, country_label(code), n) for code, n in counts.items()]
    return tuple(sorted(labelled, key=lambda c: (-c.count, c.label)))


def country_roles(session: Session, *, asker: Asker) -> CountryRoles:
    """Countries of origin and of destination of the speakers, each counted in
    the testimonies (the asker may see) that those speakers gave."""
    spoken = visible_only(
        select(Testimony.id, Speaker.id, Speaker.destinations)
        .join(testimony_speakers, testimony_speakers.c.testimony_id == Testimony.id)
        .join(Speaker, Speaker.id == testimony_speakers.c.speaker_id),
        asker,
    )
    destinations: dict[str, set[int]] = {}
    speakers_of: dict[int, set[int]] = {}
    for testimony_id, speaker_id, places in session.execute(spoken):
        speakers_of.setdefault(speaker_id, set()).add(testimony_id)
        for code in places or ():
            destinations.setdefault(code, set()).add(testimony_id)
    origins: dict[str, set[int]] = {}
    rows = session.execute(
        select(speaker_origin_countries.c.speaker_id, speaker_origin_countries.c.country_code)
    )
    for speaker_id, code in rows:
        if speaker_id in speakers_of:
            origins.setdefault(code, set()).update(speakers_of[speaker_id])
    return CountryRoles(
        _ranked(Counter({code: len(ids) for code, ids in origins.items()})),
        _ranked(Counter({code: len(ids) for code, ids in destinations.items()})),
    )


def country_testimonies(session: Session, code: str, *, asker: Asker) -> CountryTestimonies:
    from_there = {
        speaker_id
        for (speaker_id,) in session.execute(
            select(speaker_origin_countries.c.speaker_id).where(
                speaker_origin_countries.c.country_code == code
            )
        )
    }
    # Destinations are a JSON list: matched here rather than in SQL, the
    # speakers table being small beside the testimonies.
    went_there = {
        speaker_id
        for speaker_id, places in session.execute(select(Speaker.id, Speaker.destinations))
        if code in (places or ())
    }
    told_of = select(testimony_countries.c.testimony_id).where(
        testimony_countries.c.country_code == code
    )
    spoken = select(testimony_speakers.c.testimony_id).where(
        testimony_speakers.c.speaker_id.in_(sorted(from_there | went_there))
    )
    statement = select(Testimony).where(Testimony.id.in_(told_of) | Testimony.id.in_(spoken))
    origin, destination, elsewhere = [], [], []
    for summary, speaker_ids in _summaries_with_speakers(session, visible_only(statement, asker)):
        if speaker_ids & from_there:
            origin.append(summary)
        elif speaker_ids & went_there:
            destination.append(summary)
        else:
            elsewhere.append(summary)
    return CountryTestimonies(tuple(origin), tuple(destination), tuple(elsewhere))


def _summaries_with_speakers(
    session: Session, statement: Select
) -> list[tuple[TestimonySummary, set[int]]]:
    statement = statement.options(
        selectinload(Testimony.speakers),
        selectinload(Testimony.countries),
        selectinload(Testimony.collection),
    ).order_by(Testimony.accession)
    return [
        (testimony_summary(row), {s.id for s in row.speakers}) for row in session.scalars(statement)
    ]


def theme_testimonies(session: Session, theme_id: str, *, asker: Asker) -> list[TestimonySummary]:
    """Testimonies on a theme or on any theme below it."""
    tagged = select(testimony_themes.c.testimony_id).where(
        testimony_themes.c.theme_id.in_(sorted(narrower_closure(theme_id)))
    )
    statement = select(Testimony).where(Testimony.id.in_(tagged))
    found = _summaries_with_speakers(session, visible_only(statement, asker))
    return [summary for summary, _speakers in found]
