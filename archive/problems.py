"""A problem for a person to look at, as ingest and export report them: where, which item, what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing a person should look at: where, and what was expected.

    Ingest files them as errors or warnings; an export's are warnings (the rest went on)."""

    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    item: str | None = None  # the accession (or speaker, programme id) it concerns

    def location(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]" if where else self.field
        return where or "-"

    def __str__(self) -> str:
        item = f"{self.item}: " if self.item else ""
        return f"{self.severity}: {self.location()}: {item}{self.message}"

    def by_item(self) -> str:
        """Item first, as an export lists what it left out of each testimony."""
        where = f" {self.location()}:" if self.file else ""
        return f"{self.item}:{where} {self.message}"
