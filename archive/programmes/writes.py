"""Saving programmes and their talks from drafts; a talk names speakers and
testimonies already catalogued. The outcome rule and the shared look-ups are in
archive/writes.py."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.drafts import ProgrammeDraft, TalkDraft
from archive.errors import ArchiveError
from archive.models import Programme, Talk, Testimony
from archive.writes import Outcome, speaker_rows, stored_by_slug


def save_programme(session: Session, draft: ProgrammeDraft) -> Outcome:
    row, checksum, outcome = stored_by_slug(session, Programme, draft)
    if outcome == "unchanged":
        return outcome
    if row is None:
        row = Programme(slug=draft.slug, title=draft.title, kind=draft.kind)
        session.add(row)
    row.title, row.kind, row.description = draft.title, draft.kind, draft.description
    row.starts, row.ends, row.source_checksum = draft.starts, draft.ends, checksum
    return outcome


def save_talk(session: Session, draft: TalkDraft) -> Outcome:
    row, checksum, outcome = stored_by_slug(session, Talk, draft)
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
    row.speakers = speaker_rows(session, draft.speakers, f"talk {draft.slug}")
    testimonies = session.scalars(
        select(Testimony).where(Testimony.accession.in_(draft.testimonies))
    ).all()
    missing = set(draft.testimonies) - {t.accession for t in testimonies}
    if missing:
        raise ArchiveError(f"talk {draft.slug}: unknown testimonies {', '.join(sorted(missing))}")
    row.testimonies = list(testimonies)
    row.source_checksum = checksum
    return outcome
