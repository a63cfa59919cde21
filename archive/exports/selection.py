"""Which testimonies an export holds: those its asker may see — the public ones
as of today (the rule of `archive.access`, in SQL through `visible_to_public`),
or all of them for staff — optionally of one collection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from archive.access import Asker
from archive.exports.report import ExportRefused
from archive.testimonies.queries import iter_testimonies, list_collections, list_testimonies
from archive.testimonies.records import TestimonyRecord

# Testimonies loaded with their segments at a time: memory stays flat however
# large the catalogue.
BATCH = 50


@dataclass(frozen=True)
class Scope:
    asker: Asker
    collection: str | None = None

    @property
    def today(self) -> date:
        """The export's date (datestamps; what the public may see on it)."""
        return self.asker.today

    @property
    def access(self) -> str:
        return "all" if self.asker.staff else "public"

    @property
    def description(self) -> str:
        if self.asker.staff:
            return (
                "all testimonies, including restricted and embargoed ones "
                "(staff use: not for publication)"
            )
        return f"public testimonies only, as of {self.today.isoformat()}"


def exported_testimonies(session: Session, scope: Scope) -> Iterator[TestimonyRecord]:
    """The testimonies in scope, by accession, each with segments and chapters. The
    scope is checked at once (an unknown collection is refused before anything is
    written); the testimonies are read as they are consumed."""
    if scope.collection is not None:
        known = sorted(c.slug for c in list_collections(session))
        if scope.collection not in known:
            listing = ", ".join(known) or "none yet"
            raise ExportRefused(f"no collection {scope.collection!r}; the catalogue has: {listing}")
    accessions = [
        summary.accession
        for summary in list_testimonies(session, asker=scope.asker)
        if scope.collection is None or summary.collection_slug == scope.collection
    ]
    return _in_batches(session, accessions)


def _in_batches(session: Session, accessions: list[str]) -> Iterator[TestimonyRecord]:
    for start in range(0, len(accessions), BATCH):
        yield from iter_testimonies(session, accessions[start : start + BATCH])
