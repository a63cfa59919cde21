"""Errors raised while reading a collection, each naming file, line or field."""

from __future__ import annotations

from archive.errors import ArchiveError


class IngestError(ArchiveError):
    """Base of every error the ingest raises on purpose."""


class UsageError(IngestError):
    """The ingest was asked for something it cannot do (exit status 2)."""


class SourceError(IngestError):
    """A file of the collection cannot be used as it is.

    Carries where: the file, and the line or the field when known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message, self.file, self.line, self.field = message, file, line, field
