"""Keeping the index in step with the catalogue.

Each testimony stores the checksum of the version the index holds; after a
batch is committed to the index, the catalogue records it. A process killed
between the two only causes the batch to be indexed again next time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.testimonies.queries import all_accessions, iter_testimonies, stale_accessions
from archive.testimonies.writes import mark_indexed
from search.index import (
    create_index,
    indexed_accessions,
    open_index,
    optimize_index,
    segment_count,
    write_testimonies,
)
from search.merge_policy import GROWTH_TO_MERGE

INDEX_BATCH = 40


def update_index(sessions: sessionmaker[Session], index_dir: Path) -> int:
    """Index every testimony whose catalogue version the index does not hold yet."""
    ix = open_index(index_dir, create=True)
    present = indexed_accessions(ix)
    # Only the stale accessions are fetched, and every accession only when the
    # index holds some (a first ingest of 10,000: 0.7 MB, not 4.5 MB of states).
    with sessions() as session:
        stale = stale_accessions(session)
        orphans = present - all_accessions(session) if present else set()
    held = ix.doc_count()
    if orphans:
        write_testimonies(ix, [], remove=sorted(orphans))
    _index_batches(sessions, ix, stale, present)
    merge_after_growth(ix, held)
    return len(stale)


def rebuild_index(sessions: sessionmaker[Session], index_dir: Path) -> int:
    """A new index from the whole catalogue, replacing the old one."""
    ix = create_index(index_dir)
    with sessions() as session:
        accessions = sorted(all_accessions(session))
    _index_batches(sessions, ix, accessions, set())
    merge_after_growth(ix, 0)
    return len(accessions)


def merge_after_growth(ix, held: int) -> bool:
    """One segment again when the index now holds more than GROWTH_TO_MERGE
    more documents than `held`; searches go on meanwhile. True if merged."""
    if ix.doc_count() <= held * (1 + GROWTH_TO_MERGE) or segment_count(ix) < 2:
        return False
    optimize_index(ix)
    return True


def _index_batches(
    sessions: sessionmaker[Session], ix, accessions: list[str], present: set[str]
) -> None:
    for batch in _batches(accessions, INDEX_BATCH):
        with sessions() as session:
            records = list(iter_testimonies(session, batch))
        write_testimonies(ix, records, present=present)
        with sessions.begin() as session:
            mark_indexed(session, {r.accession: r.source_checksum for r in records})


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
