"""Which collection owns an accession or a speaker id, and moving a testimony
from one collection to another: the only way a record changes collection.

An accession and a speaker id belong to the collection that first catalogued
them (docs/manifest.md, "Identity across collections"); writes refuse any
other collection, and a move is an explicit act of staff.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.errors import ArchiveError, NotFound
from archive.ingest_runs import record_ingest_run
from archive.models import Collection, Speaker, Testimony


def testimony_owners(session: Session, accessions: Iterable[str]) -> dict[str, str]:
    """accession -> the slug of the collection holding it, for those catalogued."""
    holding = select(Testimony.accession, Collection.slug).join(
        Collection, Testimony.collection_id == Collection.id
    )
    return _owners(session, holding, Testimony.accession, accessions)


def speaker_owners(session: Session, slugs: Iterable[str]) -> dict[str, str | None]:
    """speaker id -> the slug of the collection owning it (None: not owned yet,
    a speaker only talks named before owners were recorded), for those catalogued."""
    owning = select(Speaker.slug, Collection.slug).outerjoin(
        Collection, Speaker.collection_id == Collection.id
    )
    return _owners(session, owning, Speaker.slug, slugs)


def _owners(session: Session, statement, key, values: Iterable[str]) -> dict:
    """key -> owner from statement's (key, owner) rows, for the values asked."""
    owners: dict = {}
    for chunk in _chunks(values):
        owners.update(session.execute(statement.where(key.in_(chunk))).all())
    return owners


def _chunks(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Sorted distinct values in lists short enough for any database's IN (...)."""
    wanted = sorted(set(values))
    for start in range(0, len(wanted), size):
        yield wanted[start : start + size]


@dataclass(frozen=True)
class TestimonyMove:
    accession: str
    from_collection: str
    to_collection: str
    # Speakers stay with the collection that catalogued them; the new one names
    # them by explicit reference (owner/id).
    speakers_elsewhere: tuple[tuple[str, str], ...]


def move_testimony(session: Session, accession: str, collection_slug: str) -> TestimonyMove:
    """Give a testimony to another collection; NotFound or ArchiveError if it cannot be.

    Its datestamp moves on so that OAI-PMH harvesters fetch it again with its
    new set; it stays visible as it was, so no tombstone is written. The search
    index is told its version is stale (it holds the old collection).
    """
    row = session.scalar(select(Testimony).where(Testimony.accession == accession))
    if row is None:
        raise NotFound(f"no testimony {accession!r} in the catalogue")
    target = session.scalar(select(Collection).where(Collection.slug == collection_slug))
    if target is None:
        known = ", ".join(session.scalars(select(Collection.slug).order_by(Collection.slug)))
        raise ArchiveError(f"no collection {collection_slug!r}; expected one of: {known}")
    source = row.collection.slug
    if row.collection_id == target.id:
        raise ArchiveError(f"{accession} is already in collection {collection_slug!r}")
    now = datetime.now(UTC)
    row.collection = target
    row.updated_at = now
    row.indexed_checksum = None
    # Staff see the move beside the ingests, on the ingest-runs page.
    record_ingest_run(
        session, f"testimony move {accession} {collection_slug}", {"testimony_moved": 1}, now
    )
    elsewhere = tuple(
        (speaker.slug, speaker.collection.slug)
        for speaker in row.speakers
        if speaker.collection is not None and speaker.collection_id != target.id
    )
    return TestimonyMove(accession, source, collection_slug, elsewhere)
