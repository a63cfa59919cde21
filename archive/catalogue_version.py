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
    ).subquery()
    # Each its own subquery so that each is answered from an index: count(*)
    # from the smallest one, the maximum from the one on updated_at (together
    # in one SELECT they scan every testimony row: 3.5 ms at 10,000).
    count = select(func.count()).select_from(Testimony).scalar_subquery()
    latest = select(func.max(Testimony.updated_at)).scalar_subquery()
    return tuple(session.execute(select(runs, count, latest)).one())
