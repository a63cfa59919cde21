"""What every save shares: drafts in, rows out, the caller owning the transaction.

Each `save_*` (in its area: archive/testimonies/writes.py, speakers/writes.py,
programmes/writes.py) compares the draft's checksum with what is stored and
returns "added", "updated" or "unchanged" (one rule, `change_outcome`),
touching nothing when unchanged, so that a re-run of the same ingest leaves the
catalogue byte-for-byte the same. Here too: the vocabularies' sync and the
look-ups of the rows a draft names.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.drafts import draft_checksum
from archive.errors import ArchiveError
from archive.models import Collection, Country, Speaker, Theme
from archive.vocabularies import COUNTRIES, load_themes

Outcome = Literal["added", "updated", "unchanged"]


def change_outcome(row: object | None, stored: object, new: object) -> Outcome:
    """The rule of every save: without a stored row, added; with one whose stored
    checksum (or values) equals the new, unchanged, and left untouched; else updated."""
    if row is None:
        return "added"
    return "unchanged" if stored == new else "updated"


def stored_by_slug(session: Session, model, draft) -> tuple[Any, str, Outcome]:
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
        upsert(session, stored_countries.get(entry.code), Country, {"code": entry.code}, values)
    stored_themes = {t.id: t for t in session.scalars(select(Theme))}
    themes = load_themes()
    for entry in themes.values():  # parents first is not needed: FKs checked at flush
        values = {
            "label": entry.label,
            "alt_labels": list(entry.alt_labels),
            "broader_id": entry.broader,
        }
        upsert(session, stored_themes.get(entry.id), Theme, {"id": entry.id}, values)
    session.flush()


def upsert(session: Session, row, model, key: dict, values: dict) -> None:
    if row is None:
        session.add(model(**key, **values))
        return
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def collection_row(session: Session, slug: str, what: str) -> Collection:
    collection = session.scalar(select(Collection).where(Collection.slug == slug))
    if collection is None:
        raise ArchiveError(f"{what}: unknown collection {slug!r}")
    return collection


def speaker_rows(session: Session, slugs: tuple[str, ...], accession: str) -> list[Speaker]:
    found = {s.slug: s for s in session.scalars(select(Speaker).where(Speaker.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ArchiveError(f"{accession}: unknown speaker(s) {', '.join(missing)}")
    return [found[slug] for slug in slugs]


def country_rows(session: Session, codes: tuple[str, ...]) -> list[Country]:
    return [session.get_one(Country, code) for code in dict.fromkeys(codes)]


def theme_rows(session: Session, ids: tuple[str, ...]) -> list[Theme]:
    return [session.get_one(Theme, theme_id) for theme_id in dict.fromkeys(ids)]
