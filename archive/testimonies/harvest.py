"""What OAI-PMH harvesters may collect: public testimonies and the tombstones
of those the public no longer sees, with datestamps, sets and the fields a
Dublin Core record is made of. Pure queries returning plain records; the
protocol itself lives in web/views/oai.py.

A testimony's datestamp is when it last changed for the public: its
`updated_at`, or the day its embargo lifted when that is later, so that an
incremental harvest picks up a testimony whose embargo has just lifted. Lists
are ordered by (datestamp, accession) and a page starts after the key of the
previous page's last record, so a page boundary stays put while other records
change. Sets are hierarchical: `collection:<slug>` and `country:<ISO code>`,
under `collection` and `country`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.orm import Session, selectinload

from archive.errors import NotFound
from archive.models import (
    Collection,
    Country,
    Deletion,
    Segment,
    Speaker,
    Testimony,
    testimony_countries,
)
from archive.testimonies.queries import testimony_record, visible_to_public
from archive.testimonies.records import TestimonyRecord

COLLECTION_SETS, COUNTRY_SETS = "collection", "country"
PARENT_SET_NAMES = {COLLECTION_SETS: "Collections", COUNTRY_SETS: "Countries"}


@dataclass(frozen=True)
class HarvestSet:
    spec: str
    name: str


@dataclass(frozen=True)
class HarvestHeader:
    accession: str
    datestamp: datetime  # UTC, whole seconds
    sets: tuple[str, ...]
    deleted: bool = False

    @property
    def key(self) -> tuple[datetime, str]:
        return self.datestamp, self.accession


@dataclass(frozen=True)
class HarvestedTestimony:
    """A public testimony as a Dublin Core record is made of it: its catalogue
    record (without segments: `transcribed` says whether it has any) and what
    harvesters are told beyond it."""

    record: TestimonyRecord
    transcribed: bool

    @property
    def rights(self) -> str | None:
        """The testimony's own rights statement, else its collection's."""
        return self.record.rights or self.record.collection.rights

    @property
    def media_types(self) -> tuple[str, ...]:
        """The recordings' media types, each once, in part order."""
        return tuple(dict.fromkeys(r.mime_type for r in self.record.recordings if r.mime_type))


@dataclass(frozen=True)
class HarvestRecord:
    header: HarvestHeader
    testimony: HarvestedTestimony | None  # None for a deleted record


@dataclass(frozen=True)
class HarvestFilter:
    """A selective harvest: a set spec and inclusive UTC bounds on datestamps."""

    set_spec: str | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class HarvestPage:
    headers: tuple[HarvestHeader, ...]
    complete_size: int
    cursor: int  # how many records of the complete list come before this page
    more: bool


def datestamp(updated_at: datetime, access: str, embargo_until: date | None) -> datetime:
    stamp = _utc(updated_at)
    if access == "embargoed" and embargo_until is not None:
        stamp = max(stamp, datetime.combine(embargo_until, time(), tzinfo=UTC))
    return stamp.replace(microsecond=0)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the catalogue writes them in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def list_headers(
    session: Session,
    harvest: HarvestFilter,
    *,
    today: date,
    size: int,
    after: tuple[datetime, str] | None = None,
    entries: tuple[tuple, ...] | None = None,
) -> HarvestPage:
    """The page of headers that follows `after` (a previous page's last key);
    `entries` is harvest_entries' answer when the caller remembered it."""
    if entries is None:
        entries = harvest_entries(session, harvest, today=today)
    start = bisect_right(entries, after, key=lambda entry: entry[:2]) if after else 0
    chosen = entries[start : start + size]
    countries = _country_codes(session, [a for _s, a, _c, deleted in chosen if not deleted])
    headers = tuple(
        HarvestHeader(
            accession,
            stamp,
            _set_specs(slug, codes if deleted else countries.get(accession, [])),
            deleted,
        )
        for stamp, accession, (slug, codes), deleted in chosen
    )
    return HarvestPage(headers, len(entries), start, start + size < len(entries))


def harvest_entries(session: Session, harvest: HarvestFilter, *, today: date) -> tuple[tuple, ...]:
    """Every record of the harvest, live and deleted, in datestamp order: what
    list_headers pages through (reading it takes a row per testimony, so a
    caller may keep it until the catalogue changes)."""
    return tuple(
        sorted(
            [*_live_entries(session, harvest, today), *_deleted_entries(session, harvest, today)]
        )
    )


def _live_entries(session: Session, harvest: HarvestFilter, today: date) -> list[tuple]:
    statement = (
        select(
            Testimony.updated_at,
            Testimony.access,
            Testimony.embargo_until,
            Testimony.accession,
            Collection.slug,
        )
        .join(Collection)
        .where(visible_to_public(today), _set_condition(harvest.set_spec))
    )
    # Coarse bounds in SQL (a datestamp is never before updated_at); exact below.
    if harvest.start is not None:
        statement = statement.where(
            or_(
                Testimony.updated_at >= harvest.start,
                Testimony.embargo_until >= harvest.start.date(),
            )
        )
    if harvest.end is not None:
        statement = statement.where(Testimony.updated_at < harvest.end + timedelta(seconds=1))
    entries = []
    for updated_at, access, embargo_until, accession, slug in session.execute(statement):
        stamp = datestamp(updated_at, access, embargo_until)
        if _within(stamp, harvest):
            entries.append((stamp, accession, (slug, ()), False))
    return entries


def _deleted_entries(session: Session, harvest: HarvestFilter, today: date) -> list[tuple]:
    entries = []
    for row in session.scalars(_tombstones(today)):
        stamp = _utc(row.deleted_at).replace(microsecond=0)
        if _tombstone_in_set(row, harvest.set_spec) and _within(stamp, harvest):
            sets = (row.collection_slug, tuple(row.countries))
            entries.append((stamp, row.accession, sets, True))
    return entries


def _tombstones(today: date):
    """Tombstones of testimonies the public does not see today (a testimony
    whose new embargo has lifted is live again, whatever its tombstone says)."""
    visible = select(Testimony.accession).where(visible_to_public(today))
    return select(Deletion).where(Deletion.accession.not_in(visible))


def _within(stamp: datetime, harvest: HarvestFilter) -> bool:
    return (harvest.start is None or stamp >= harvest.start) and (
        harvest.end is None or stamp <= harvest.end
    )


def _parse_set(spec: str | None) -> tuple[str, str | None] | None:
    """(kind, value) of a set spec we know the shape of; None for any other."""
    if spec is None:
        return None
    kind, _, value = spec.partition(":")
    if kind not in PARENT_SET_NAMES or (value == "" and ":" in spec) or ":" in value:
        return None
    return kind, value or None


def _set_condition(spec: str | None) -> ColumnElement[bool]:
    if spec is None:
        return true()
    parsed = _parse_set(spec)
    if parsed is None:
        return false()
    kind, value = parsed
    if kind == COLLECTION_SETS:
        return true() if value is None else Collection.slug == value
    with_countries = select(testimony_countries.c.testimony_id)
    if value is not None:
        with_countries = with_countries.where(testimony_countries.c.country_code == value)
    return Testimony.id.in_(with_countries)


def _tombstone_in_set(row: Deletion, spec: str | None) -> bool:
    if spec is None:
        return True
    parsed = _parse_set(spec)
    if parsed is None:
        return False
    kind, value = parsed
    if kind == COLLECTION_SETS:
        return value is None or row.collection_slug == value
    return bool(row.countries) if value is None else value in row.countries


def _set_specs(collection_slug: str, country_codes) -> tuple[str, ...]:
    return (
        f"{COLLECTION_SETS}:{collection_slug}",
        *(f"{COUNTRY_SETS}:{code}" for code in country_codes),
    )


def _country_codes(session: Session, accessions: list[str]) -> dict[str, list[str]]:
    if not accessions:
        return {}
    rows = session.execute(
        select(Testimony.accession, testimony_countries.c.country_code)
        .join(testimony_countries, testimony_countries.c.testimony_id == Testimony.id)
        .where(Testimony.accession.in_(accessions))
        .order_by(testimony_countries.c.country_code)
    )
    found: dict[str, list[str]] = {}
    for accession, code in rows:
        found.setdefault(accession, []).append(code)
    return found


def harvested_testimonies(
    session: Session, accessions: list[str], *, today: date
) -> dict[str, HarvestedTestimony]:
    """accession -> its Dublin Core fields, for those of `accessions` the public sees."""
    if not accessions:
        return {}
    rows = session.scalars(
        select(Testimony)
        .where(Testimony.accession.in_(accessions), visible_to_public(today))
        .options(
            selectinload(Testimony.speakers).selectinload(Speaker.origin_countries),
            selectinload(Testimony.countries),
            selectinload(Testimony.themes),
            selectinload(Testimony.collection),
            selectinload(Testimony.recordings),
            selectinload(Testimony.chapters),
        )
    ).all()
    transcribed = set(
        session.scalars(
            select(Segment.testimony_id)
            .where(Segment.testimony_id.in_([row.id for row in rows]), Segment.language.is_(None))
            .distinct()
        )
    )
    return {
        row.accession: HarvestedTestimony(
            testimony_record(row, with_segments=False), transcribed=row.id in transcribed
        )
        for row in rows
    }


def get_record(session: Session, accession: str, *, today: date) -> HarvestRecord:
    """One public testimony, or the tombstone of one withdrawn; else NotFound."""
    found = session.execute(
        select(Testimony.updated_at, Testimony.access, Testimony.embargo_until, Collection.slug)
        .join(Collection)
        .where(Testimony.accession == accession, visible_to_public(today))
    ).first()
    if found is not None:
        updated_at, access, embargo_until, slug = found
        countries = _country_codes(session, [accession]).get(accession, [])
        header = HarvestHeader(
            accession, datestamp(updated_at, access, embargo_until), _set_specs(slug, countries)
        )
        testimony = harvested_testimonies(session, [accession], today=today)[accession]
        return HarvestRecord(header, testimony)
    tombstone = session.scalar(_tombstones(today).where(Deletion.accession == accession))
    if tombstone is None:
        raise NotFound(f"no public testimony {accession!r}")
    stamp = _utc(tombstone.deleted_at).replace(microsecond=0)
    sets = _set_specs(tombstone.collection_slug, tombstone.countries)
    return HarvestRecord(HarvestHeader(accession, stamp, sets, deleted=True), None)


def list_sets(session: Session, *, today: date) -> list[HarvestSet]:
    """The parent sets, then every collection and country that holds a public
    testimony or a tombstone."""
    visible = visible_to_public(today)
    slugs = set(session.scalars(select(Collection.slug).join(Testimony).where(visible)))
    codes = set(
        session.scalars(
            select(testimony_countries.c.country_code)
            .join(Testimony, testimony_countries.c.testimony_id == Testimony.id)
            .where(visible)
        )
    )
    for tombstone in session.scalars(_tombstones(today)):
        slugs.add(tombstone.collection_slug)
        codes.update(tombstone.countries)
    titles = dict(session.execute(select(Collection.slug, Collection.title)).all())
    names = dict(
        session.execute(select(Country.code, Country.name).where(Country.code.in_(codes))).all()
    )
    return [
        HarvestSet(COLLECTION_SETS, PARENT_SET_NAMES[COLLECTION_SETS]),
        *(HarvestSet(f"{COLLECTION_SETS}:{s}", titles.get(s, s)) for s in sorted(slugs)),
        HarvestSet(COUNTRY_SETS, PARENT_SET_NAMES[COUNTRY_SETS]),
        *(HarvestSet(f"{COUNTRY_SETS}:{c}", names.get(c, c)) for c in sorted(codes)),
    ]


def earliest_datestamp(session: Session) -> datetime | None:
    """A lower bound of every datestamp, past or future: midnight of the day of
    the oldest change to any testimony (hidden ones included, since an embargo
    may lift) or tombstone."""
    oldest = [
        session.scalar(select(func.min(Testimony.updated_at))),
        session.scalar(select(func.min(Deletion.deleted_at))),
    ]
    known = [_utc(moment) for moment in oldest if moment is not None]
    if not known:
        return None
    return datetime.combine(min(known).date(), time(), tzinfo=UTC)
