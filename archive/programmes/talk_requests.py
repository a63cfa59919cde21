"""Talk requests: saved from the public form, then, as staff handle them,
listed by status and moved along
requested -> confirmed or declined -> delivered (a confirmed talk may still be
declined, say when the speaker falls ill). Each move records who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.errors import ArchiveError, NotFound
from archive.models import Speaker, TalkRequest

STATUSES = ("requested", "confirmed", "declined", "delivered")
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    "requested": ("confirmed", "declined"),
    "confirmed": ("delivered", "declined"),
    "declined": (),
    "delivered": (),
}


class StatusChangeRefused(ArchiveError):
    """A move the workflow does not allow."""


@dataclass(frozen=True)
class TalkRequestDraft:
    organisation: str
    contact_name: str
    email: str
    preferred_dates: str | None
    audience_size: int | None
    audience_type: str | None
    format: str | None
    topics: str | None
    speaker_slug: str | None


def save_talk_request(session: Session, draft: TalkRequestDraft) -> int:
    speaker_id = None
    if draft.speaker_slug:
        speaker_id = session.scalar(select(Speaker.id).where(Speaker.slug == draft.speaker_slug))
    row = TalkRequest(
        created_at=datetime.now(UTC),
        organisation=draft.organisation,
        contact_name=draft.contact_name,
        email=draft.email,
        preferred_dates=draft.preferred_dates,
        audience_size=draft.audience_size,
        audience_type=draft.audience_type,
        format=draft.format,
        topics=draft.topics,
        speaker_id=speaker_id,
        status="requested",
    )
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True)
class TalkRequestRecord:
    id: int
    created_at: datetime
    organisation: str
    contact_name: str
    email: str
    preferred_dates: str | None
    audience_size: int | None
    audience_type: str | None
    format: str | None
    topics: str | None
    speaker: tuple[str, str] | None  # slug, name
    status: str
    staff_notes: str | None
    status_changed_at: datetime | None
    status_changed_by: str | None

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return NEXT_STATUSES[self.status]


def list_talk_requests(session: Session, status: str | None = None) -> list[TalkRequestRecord]:
    statement = (
        select(TalkRequest)
        .options(selectinload(TalkRequest.speaker))
        .order_by(TalkRequest.created_at.desc(), TalkRequest.id.desc())
    )
    if status is not None:
        statement = statement.where(TalkRequest.status == status)
    return [_record(row) for row in session.scalars(statement)]


def count_by_status(session: Session) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for status in session.scalars(select(TalkRequest.status)):
        counts[status] = counts.get(status, 0) + 1
    return counts


def get_talk_request(session: Session, request_id: int) -> TalkRequestRecord:
    row = session.get(TalkRequest, request_id)
    if row is None:
        raise NotFound(f"no talk request {request_id}")
    return _record(row)


def change_status(
    session: Session, request_id: int, status: str, *, by: str, notes: str | None = None
) -> TalkRequestRecord:
    row = session.get(TalkRequest, request_id)
    if row is None:
        raise NotFound(f"no talk request {request_id}")
    if status != row.status:
        if status not in NEXT_STATUSES.get(row.status, ()):
            allowed = " or ".join(NEXT_STATUSES.get(row.status, ())) or "nothing"
            raise StatusChangeRefused(
                f"a {row.status} request cannot become {status}; it can become {allowed}"
            )
        row.status = status
        row.status_changed_at = datetime.now(UTC)
        row.status_changed_by = by
    if notes is not None:
        row.staff_notes = notes.strip() or None
    session.flush()
    return _record(row)


def _record(row: TalkRequest) -> TalkRequestRecord:
    speaker = (row.speaker.slug, row.speaker.name) if row.speaker is not None else None
    return TalkRequestRecord(
        id=row.id,
        created_at=row.created_at,
        organisation=row.organisation,
        contact_name=row.contact_name,
        email=row.email,
        preferred_dates=row.preferred_dates,
        audience_size=row.audience_size,
        audience_type=row.audience_type,
        format=row.format,
        topics=row.topics,
        speaker=speaker,
        status=row.status,
        staff_notes=row.staff_notes,
        status_changed_at=row.status_changed_at,
        status_changed_by=row.status_changed_by,
    )
