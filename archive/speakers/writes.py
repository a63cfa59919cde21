"""Saving speakers from drafts: a speaker belongs to the collection that first
catalogued it. The outcome rule and the shared look-ups are in archive/writes.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from archive.drafts import SpeakerDraft
from archive.errors import OwnedElsewhere
from archive.models import Speaker
from archive.writes import Outcome, collection_row, country_rows, stored_by_slug, theme_rows


def save_speaker(session: Session, draft: SpeakerDraft) -> Outcome:
    """Add or update a speaker; OwnedElsewhere if another collection catalogued it
    first. A speaker without an owner (see migration 0006) is claimed."""
    row, checksum, outcome = stored_by_slug(session, Speaker, draft)
    owner = row.collection if row is not None else None
    if owner is not None and owner.slug != draft.collection_slug:
        raise OwnedElsewhere("speaker", draft.slug, owner.slug)
    if outcome == "unchanged":
        return outcome
    if row is None:
        row = Speaker(slug=draft.slug, name=draft.name)
        session.add(row)
    row.collection = collection_row(session, draft.collection_slug, f"speaker {draft.slug}")
    row.name = draft.name
    row.name_variants = list(draft.name_variants)
    row.birth_year, row.birthplace = draft.birth_year, draft.birthplace
    row.departure_year, row.departure_route = draft.departure_year, draft.departure_route
    row.destinations, row.languages = list(draft.destinations), list(draft.languages)
    row.biography, row.formats = draft.biography, list(draft.formats)
    row.available = draft.available
    row.pitch, row.portrait = draft.pitch, draft.portrait
    row.origin_countries = country_rows(session, draft.origin_countries)
    row.speaks_on = theme_rows(session, draft.speaks_on)
    row.source_checksum = checksum
    return outcome
