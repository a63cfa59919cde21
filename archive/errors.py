"""Errors raised by the catalogue, each with a message a person can act on."""


class ArchiveError(Exception):
    """Base of every error the catalogue raises on purpose."""


class SettingsError(ArchiveError):
    """A setting from the environment has a value we cannot use."""


class NotFound(ArchiveError):
    """A record asked for does not exist (or is not visible to the asker)."""


class OwnedElsewhere(ArchiveError):
    """An accession or speaker id that another collection catalogued first."""

    def __init__(self, kind: str, key: str, owner: str) -> None:
        super().__init__(f"{kind} {key!r} belongs to collection {owner!r}")
        self.kind, self.key, self.owner = kind, key, owner
