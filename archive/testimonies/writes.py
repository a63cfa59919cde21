"""Saving testimonies and their collections from drafts, deleting them (with the
tombstones OAI-PMH harvesters are told of), and marking what the index holds.
The outcome rule and the look-ups every save shares are in archive/writes.py."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.access import is_public
from archive.drafts import CollectionDraft, TestimonyDraft, draft_checksum
from archive.errors import OwnedElsewhere
from archive.models import Chapter, Collection, Deletion, Recording, Segment, Testimony
from archive.writes import (
    Outcome,
    change_outcome,
    collection_row,
    country_rows,
    speaker_rows,
    theme_rows,
    upsert,
)


def save_collection(session: Session, draft: CollectionDraft) -> Outcome:
    row = session.scalar(select(Collection).where(Collection.slug == draft.slug))
    values = {k: v for k, v in vars(draft).items() if k != "slug"}
    stored = {k: getattr(row, k) for k in values} if row is not None else None
    outcome = change_outcome(row, stored, values)
    if row is None:
        session.add(Collection(slug=draft.slug, **values))
    elif outcome == "updated":
        upsert(session, row, Collection, {}, values)
    return outcome


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
    collection = collection_row(session, draft.collection_slug, draft.accession)
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
        upsert(session, stored, Deletion, {}, values)


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
    row.speakers = speaker_rows(session, draft.speakers, draft.accession)
    row.countries = country_rows(session, draft.countries)
    row.themes = theme_rows(session, draft.themes)
    row.recordings = [Recording(**{**vars(r), "tags": dict(r.tags)}) for r in draft.recordings]
    row.segments = [Segment(position=n, **vars(s)) for n, s in enumerate(draft.segments)]
    row.chapters = [Chapter(**{**vars(c), "keywords": list(c.keywords)}) for c in draft.chapters]


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
