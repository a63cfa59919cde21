"""Speaker programmes and their talks, upcoming and past."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.access import Asker
from archive.errors import NotFound
from archive.models import Programme, Talk


@dataclass(frozen=True)
class TalkRecord:
    slug: str
    programme_slug: str
    programme_title: str
    title: str
    date: date
    venue: str | None
    institution: str | None
    city: str | None
    format: str
    audience: str | None
    status: str
    speakers: tuple[tuple[str, str], ...]  # (slug, name)
    testimonies: tuple[tuple[str, str], ...]  # (accession, title), visible ones only

    def upcoming(self, today: date) -> bool:
        return self.date >= today


@dataclass(frozen=True)
class ProgrammeRecord:
    slug: str
    title: str
    kind: str
    description: str | None
    starts: date | None
    ends: date | None
    talk_count: int


@dataclass(frozen=True)
class TalkFilters:
    when: str = "all"  # "upcoming", "past" or "all"
    programme: str | None = None
    speaker: str | None = None
    format: str | None = None
    institution: str | None = None


def catalogued_programme_slugs(session: Session, slugs: Iterable[str]) -> set[str]:
    """Which of these programme slugs the catalogue holds."""
    wanted = sorted(set(slugs))
    statement = select(Programme.slug).where(Programme.slug.in_(wanted))
    return set(session.scalars(statement)) if wanted else set()


def list_programmes(session: Session) -> list[ProgrammeRecord]:
    rows = session.scalars(
        select(Programme)
        .options(selectinload(Programme.talks))
        .order_by(Programme.starts.desc(), Programme.title)
    )
    return [_programme(row) for row in rows]


def get_programme(session: Session, slug: str) -> ProgrammeRecord:
    row = session.scalar(select(Programme).where(Programme.slug == slug))
    if row is None:
        raise NotFound(f"no programme {slug!r}")
    return _programme(row)


def find_talks(session: Session, filters: TalkFilters, *, asker: Asker) -> list[TalkRecord]:
    statement = select(Talk).options(
        selectinload(Talk.speakers), selectinload(Talk.testimonies), selectinload(Talk.programme)
    )
    if filters.when == "upcoming":
        statement = statement.where(Talk.date >= asker.today).order_by(Talk.date)
    elif filters.when == "past":
        statement = statement.where(Talk.date < asker.today).order_by(Talk.date.desc())
    else:
        statement = statement.order_by(Talk.date)
    if filters.format:
        statement = statement.where(Talk.format == filters.format)
    if filters.institution:
        statement = statement.where(Talk.institution == filters.institution)
    talks = [_talk(row, asker) for row in session.scalars(statement)]
    return [
        t
        for t in talks
        if (filters.programme is None or t.programme_slug == filters.programme)
        and (filters.speaker is None or filters.speaker in (s for s, _ in t.speakers))
    ]


def _programme(row: Programme) -> ProgrammeRecord:
    return ProgrammeRecord(
        row.slug, row.title, row.kind, row.description, row.starts, row.ends, len(row.talks)
    )


def _talk(row: Talk, asker: Asker) -> TalkRecord:
    testimonies = [t for t in row.testimonies if asker.may_see(t.access, t.embargo_until)]
    return TalkRecord(
        slug=row.slug,
        programme_slug=row.programme.slug,
        programme_title=row.programme.title,
        title=row.title,
        date=row.date,
        venue=row.venue,
        institution=row.institution,
        city=row.city,
        format=row.format,
        audience=row.audience,
        status=row.status,
        speakers=tuple((s.slug, s.name) for s in sorted(row.speakers, key=lambda s: s.name)),
        testimonies=tuple((t.accession, t.title) for t in testimonies),
    )
