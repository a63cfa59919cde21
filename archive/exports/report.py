"""What an export did: counts, and the problems that did not stop it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from archive.access import is_public
from archive.errors import ArchiveError
from archive.problems import Problem
from archive.testimonies.records import TestimonyRecord


class ExportError(ArchiveError):
    """An export that cannot go on: a file or folder that cannot be written."""


class ExportRefused(ExportError):
    """An export that cannot start as asked: a target folder in use, an unknown
    collection. Nothing has been written."""


@dataclass
class ExportReport:
    target: str
    testimonies: int = 0
    hidden: int = 0  # restricted or under embargo today: only with --all
    files: int = 0
    bytes: int = 0
    problems: list[Problem] = field(default_factory=list)  # warnings: the rest went on
    untranscribed: list[str] = field(default_factory=list)  # accessions: nothing to write

    def count(self, record: TestimonyRecord, today: date) -> None:
        self.testimonies += 1
        if not is_public(record.access, record.embargo_until, today):
            self.hidden += 1

    @property
    def clean(self) -> bool:
        return not self.problems
