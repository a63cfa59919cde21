"""Ingest runs: recorded as they start and finish, read by staff newest first
with their counts and problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.errors import NotFound
from archive.models import IngestRun
from archive.problems import Problem


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


def start_ingest_run(session: Session, source: str, *, dry_run: bool) -> int:
    """Record a run as running (a run killed before it finishes stays so); its id."""
    run = IngestRun(
        started_at=datetime.now(UTC),
        source=source,
        dry_run=dry_run,
        status="running",
        counts={},
        problems=[],
    )
    session.add(run)
    session.flush()
    return run.id


def record_ingest_run(
    session: Session, source: str, counts: dict[str, int], when: datetime
) -> None:
    """Record a clean run that is over as it starts (a testimony move)."""
    run = IngestRun(started_at=when, source=source, dry_run=False, counts={}, problems=[])
    session.add(run)
    _finish(run, when, counts, [])


def finish_ingest_run(
    session: Session, run_id: int, *, counts: dict[str, int], problems: Iterable[Problem]
) -> None:
    """Record how a run ended: clean without problems, failed with any error, else warnings."""
    found = [asdict(problem) for problem in problems]
    _finish(session.get_one(IngestRun, run_id), datetime.now(UTC), counts, found)


def _finish(
    run: IngestRun, when: datetime, counts: dict[str, int], problems: list[dict[str, object]]
) -> None:
    errors = any(problem["severity"] == "error" for problem in problems)
    run.finished_at = when
    run.status = "failed" if errors else ("warnings" if problems else "clean")
    run.counts = counts
    run.problems = problems


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
