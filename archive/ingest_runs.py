"""Ingest runs as staff read them: newest first, with counts and problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.errors import NotFound
from archive.models import IngestRun


@dataclass(frozen=True)
class IngestRunRecord:
    id: int
    started_at: datetime
    finished_at: datetime | None
    source: str
    dry_run: bool
    status: str
    counts: dict[str, int]
    problems: tuple[dict[str, object], ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.get("severity") == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def list_ingest_runs(
    session: Session, *, limit: int = 50, offset: int = 0
) -> list[IngestRunRecord]:
    statement = select(IngestRun).order_by(IngestRun.id.desc()).limit(limit).offset(offset)
    return [_record(row) for row in session.scalars(statement)]


def count_ingest_runs(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(IngestRun)) or 0


def get_ingest_run(session: Session, run_id: int) -> IngestRunRecord:
    row = session.get(IngestRun, run_id)
    if row is None:
        raise NotFound(f"no ingest run {run_id}")
    return _record(row)


def _record(row: IngestRun) -> IngestRunRecord:
    return IngestRunRecord(
        id=row.id,
        started_at=row.started_at,
        finished_at=row.finished_at,
        source=row.source,
        dry_run=row.dry_run,
        status=row.status,
        counts=dict(row.counts or {}),
        problems=tuple(row.problems or ()),
    )
