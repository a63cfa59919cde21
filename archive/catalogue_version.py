"""A value that changes whenever the catalogue is written, for keying answers
remembered until then (one cheap query: no table scan)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import IngestRun, Testimony


def catalogue_version(session: Session) -> tuple:
    """Changes with every testimony saved, moved or deleted and every ingest
    run started or finished: every write reaches the catalogue through an
    ingest run (a move is recorded as one), and each testimony saved or moved
    gets a new updated_at at once, so a change of access is seen the moment it
    is committed, and a speaker's or collection's change when its run ends.
    Counts as well as maxima: a deletion lowers no maximum; finished runs are
    counted, not their times, in case clocks of two machines disagree."""
    runs = select(
        func.count(IngestRun.id), func.max(IngestRun.id), func.count(IngestRun.finished_at)
    )
    testimonies = select(func.count(Testimony.id), func.max(Testimony.updated_at))
    return (*session.execute(runs).one(), *session.execute(testimonies).one())
