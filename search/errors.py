"""Errors raised by the search package, each with a message a person can act on."""

from archive.errors import ArchiveError


class SearchError(ArchiveError):
    """Base of every error the search package raises on purpose."""


class IndexMissing(SearchError):
    """There is no index yet where the settings say it is."""


class IndexOutOfDate(SearchError):
    """The index on disk was built with another schema version."""


class IndexBusy(SearchError):
    """Another process holds the index's write lock."""
