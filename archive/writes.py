"""Write operations: drafts in, rows out. The caller owns the transaction.

Each `save_*` compares the draft's checksum with what is stored and returns
"added", "updated" or "unchanged" (one rule, `change_outcome`), touching nothing
when unchanged, so that a re-run of the same ingest leaves the catalogue
byte-for-byte the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.access import is_public
from archive.drafts import (
    CollectionDraft,
    ProgrammeDraft,
    SpeakerDraft,
    TalkDraft,
    TestimonyDraft,
    draft_checksum,
)
from archive.errors import ArchiveError, OwnedElsewhere
from archive.models import (
    Chapter,
    Collection,
    Country,
    Deletion,
    Programme,
    Recording,
    Segment,
    Speaker,
    Talk,
    Testimony,
    Theme,
)
from archive.vocabularies import COUNTRIES, load_themes

Outcome = Literal["added", "updated", "unchanged"]


def change_outcome(row: object | None, stored: object, new: object) -> Outcome:
    """The rule of every save: without a stored row, added; with one whose stored
    checksum (or values) equals the new, unchanged, and left untouched; else updated."""
    if row is None:
        return "added"
    return "unchanged" if stored == new else "updated"


def _stored(session: Session, model, draft) -> tuple[Any, str, Outcome]:
    """The stored row of a draft keyed by slug, the draft's checksum, and what
    saving it does."""
    checksum = draft_checksum(draft)
    row = session.scalar(select(model).where(model.slug == draft.slug))
    return row, checksum, change_outcome(row, row and row.source_checksum, checksum)


def sync_vocabularies(session: Session) -> None:
    """Make the countries and themes tables match the repository's vocabularies."""
    stored_countries = {c.code: c for c in session.scalars(select(Country))}
    for entry in COUNTRIES.values():
        values = {
            "name": entry.name,
            "historic_names": list(entry.historic_names),
            "region": entry.region,
        }
        _upsert(session, stored_countries.get(entry.code), Country, {"code": entry.code}, values)
    stored_themes = {t.id: t for t in session.scalars(select(Theme))}
    themes = load_themes()
    for entry in themes.values():  # parents first is not needed: FKs checked at flush
        values = {
            "label": entry.label,
            "alt_labels": list(entry.alt_labels),
            "broader_id": entry.broader,
        }
        _upsert(session, stored_themes.get(entry.id), Theme, {"id": entry.id}, values)
    session.flush()


def _upsert(session: Session, row, model, key: dict, values: dict) -> None:
    if row is None:
        session.add(model(**key, **values))
        return
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def save_collection(session: Session, draft: CollectionDraft) -> Outcome:
    row = session.scalar(select(Collection).where(Collection.slug == draft.slug))
    values = {k: v for k, v in vars(draft).items() if k != "slug"}
    stored = {k: getattr(row, k) for k in values} if row is not None else None
    outcome = change_outcome(row, stored, values)
    if row is None:
        session.add(Collection(slug=draft.slug, **values))
    elif outcome == "updated":
        _upsert(session, row, Collection, {}, values)
    return outcome


def save_speaker(session: Session, draft: SpeakerDraft) -> Outcome:
    """Add or update a speaker; OwnedElsewhere if another collection catalogued it
    first. A speaker without an owner (see migration 0006) is claimed."""
    row, checksum, outcome = _stored(session, Speaker, draft)
    owner = row.collection if row is not None else None
    if owner is not None and owner.slug != draft.collection_slug:
        raise OwnedElsewhere("speaker", draft.slug, owner.slug)
    if outcome == "unchanged":
        return outcome
    if row is None:
        row = Speaker(slug=draft.slug, name=draft.name)
        session.add(row)
    row.collection = _collection(session, draft.collection_slug, f"speaker {draft.slug}")
    row.name = draft.name
    row.name_variants = list(draft.name_variants)
    row.birth_year, row.birthplace = draft.birth_year, draft.birthplace
    row.departure_year, row.departure_route = draft.departure_year, draft.departure_route
    row.destinations, row.languages = list(draft.destinations), list(draft.languages)
    row.biography, row.formats = draft.biography, list(draft.formats)
    row.available = draft.available
    row.pitch, row.portrait = draft.pitch, draft.portrait
    row.origin_countries = _countries(session, draft.origin_countries)
    row.speaks_on = _themes(session, draft.speaks_on)
    row.source_checksum = checksum
    return outcome


def _collection(session: Session, slug: str, what: str) -> Collection:
    collection = session.scalar(select(Collection).where(Collection.slug == slug))
    if collection is None:
        raise ArchiveError(f"{what}: unknown collection {slug!r}")
    return collection


def save_testimony(
    session: Session, draft: TestimonyDraft, *, today: date | None = None
) -> Outcome:
    """Add or replace one testimony with its recordings, segments and chapters.

    A testimony the public could see that is saved hidden (restricted, or a new
    embargo) leaves a tombstone, so OAI-PMH harvesters withdraw it; one saved
    public again drops its tombstone. OwnedElsewhere if the accession belongs
    to another collection: only `archive.identity.move_testimony` moves one.
    """
    checksum = draft.source_checksum or draft_checksum(draft)
    row = session.scalar(select(Testimony).where(Testimony.accession == draft.accession))
    if row is not None and row.collection.slug != draft.collection_slug:
        raise OwnedElsewhere("accession", draft.accession, row.collection.slug)
    outcome = change_outcome(row, row and row.source_checksum, checksum)
    if outcome == "unchanged":
        return outcome
    collection = _collection(session, draft.collection_slug, draft.accession)
    now, today = datetime.now(UTC), today or date.today()
    # The sets harvesters last saw it in, should it leave the public's view.
    seen_in = _public_sets(row, today) if row is not None else None
    if row is None:
        row = Testimony(accession=draft.accession, created_at=now, collection=collection)
        session.add(row)
    with session.no_autoflush:
        _fill_testimony(session, row, draft)
    row.source_checksum, row.updated_at = checksum, now
    if is_public(row.access, row.embargo_until, today):
        _forget_deletion(session, row.accession)
    elif seen_in is not None:
        _remember_deletion(session, row.accession, seen_in, now, "withdrawn")
    return outcome


def _public_sets(row: Testimony, today: date) -> tuple[str, list[str]] | None:
    """(collection slug, country codes) of a testimony the public can see, else None."""
    if not is_public(row.access, row.embargo_until, today):
        return None
    return row.collection.slug, [c.code for c in row.countries]


def _remember_deletion(
    session: Session, accession: str, sets: tuple[str, list[str]], when: datetime, reason: str
) -> None:
    slug, countries = sets
    values = {"collection_slug": slug, "countries": countries, "deleted_at": when, "reason": reason}
    stored = session.scalar(select(Deletion).where(Deletion.accession == accession))
    if stored is None:
        session.add(Deletion(accession=accession, **values))
    else:
        _upsert(session, stored, Deletion, {}, values)


def _forget_deletion(session: Session, accession: str) -> None:
    stored = session.scalar(select(Deletion).where(Deletion.accession == accession))
    if stored is not None:
        session.delete(stored)


def _fill_testimony(session: Session, row: Testimony, draft: TestimonyDraft) -> None:
    row.title, row.interviewers = draft.title, list(draft.interviewers)
    row.recorded, row.place, row.summary = draft.recorded, draft.place, draft.summary
    row.languages = list(draft.languages)
    row.year_from, row.year_to = draft.year_from, draft.year_to
    row.access, row.embargo_until, row.rights = draft.access, draft.embargo_until, draft.rights
    row.speakers = _speakers(session, draft.speakers, draft.accession)
    row.countries = _countries(session, draft.countries)
    row.themes = _themes(session, draft.themes)
    row.recordings = [Recording(**{**vars(r), "tags": dict(r.tags)}) for r in draft.recordings]
    row.segments = [Segment(position=n, **vars(s)) for n, s in enumerate(draft.segments)]
    row.chapters = [Chapter(**{**vars(c), "keywords": list(c.keywords)}) for c in draft.chapters]


def _speakers(session: Session, slugs: tuple[str, ...], accession: str) -> list[Speaker]:
    found = {s.slug: s for s in session.scalars(select(Speaker).where(Speaker.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ArchiveError(f"{accession}: unknown speaker(s) {', '.join(missing)}")
    return [found[slug] for slug in slugs]


def _countries(session: Session, codes: tuple[str, ...]) -> list[Country]:
    return [session.get_one(Country, code) for code in dict.fromkeys(codes)]


def _themes(session: Session, ids: tuple[str, ...]) -> list[Theme]:
    return [session.get_one(Theme, theme_id) for theme_id in dict.fromkeys(ids)]


def save_programme(session: Session, draft: ProgrammeDraft) -> Outcome:
    row, checksum, outcome = _stored(session, Programme, draft)
    if outcome == "unchanged":
        return outcome
    if row is None:
        row = Programme(slug=draft.slug, title=draft.title, kind=draft.kind)
        session.add(row)
    row.title, row.kind, row.description = draft.title, draft.kind, draft.description
    row.starts, row.ends, row.source_checksum = draft.starts, draft.ends, checksum
    return outcome


def save_talk(session: Session, draft: TalkDraft) -> Outcome:
    row, checksum, outcome = _stored(session, Talk, draft)
    if outcome == "unchanged":
        return outcome
    programme = session.scalar(select(Programme).where(Programme.slug == draft.programme_slug))
    if programme is None:
        raise ArchiveError(f"talk {draft.slug}: unknown programme {draft.programme_slug!r}")
    if row is None:
        row = Talk(slug=draft.slug, programme=programme, title=draft.title, date=draft.date)
        session.add(row)
    row.programme, row.title, row.date = programme, draft.title, draft.date
    row.venue, row.institution, row.city = draft.venue, draft.institution, draft.city
    row.format, row.audience, row.status = draft.format, draft.audience, draft.status
    row.speakers = _speakers(session, draft.speakers, f"talk {draft.slug}")
    testimonies = session.scalars(
        select(Testimony).where(Testimony.accession.in_(draft.testimonies))
    ).all()
    missing = set(draft.testimonies) - {t.accession for t in testimonies}
    if missing:
        raise ArchiveError(f"talk {draft.slug}: unknown testimonies {', '.join(sorted(missing))}")
    row.testimonies = list(testimonies)
    row.source_checksum = checksum
    return outcome


def mark_indexed(session: Session, accessions_checksums: dict[str, str | None]) -> None:
    """Record which version of each testimony the search index now holds."""
    rows = session.scalars(
        select(Testimony).where(Testimony.accession.in_(list(accessions_checksums)))
    )
    for row in rows:
        row.indexed_checksum = accessions_checksums[row.accession]


def delete_testimonies(session: Session, accessions: set[str], *, today: date | None = None) -> int:
    """Remove testimonies with their recordings, segments and chapters; those
    the public could see leave a tombstone for OAI-PMH harvesters."""
    rows = session.scalars(select(Testimony).where(Testimony.accession.in_(sorted(accessions))))
    now, today = datetime.now(UTC), today or date.today()
    count = 0
    for row in rows:
        seen_in = _public_sets(row, today)
        if seen_in is not None:
            _remember_deletion(session, row.accession, seen_in, now, "deleted")
        session.delete(row)
        count += 1
    return count
