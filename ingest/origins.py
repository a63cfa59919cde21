"""Where a manifest's entries and fields were written: `Origin`, and the lines
of every field worked out from the file only when a problem first asks, then
kept on disk an entry at a time."""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ingest.positions import FieldPath
from ingest.transcripts.encoding import decode_text

# An Origin without fields shares this one empty, read-only mapping: a manifest of
# 2,000 testimonies made 274,000 Origins, each with a dict of its own (23 MB).
NO_FIELDS: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry was written: the file (relative to the collection) and line,
    and where each of its fields was, by path inside the entry (("countries", 1))."""

    file: str
    line: int | None = None
    fields: Mapping[FieldPath, Origin] = field(
        default_factory=lambda: NO_FIELDS, compare=False, hash=False
    )

    def at(self, path: Sequence[str | int]) -> Origin:
        """Where the value at path was written: its own line (a list item's, a key's),
        else the nearest enclosing field's, else the entry's."""
        path = tuple(path)
        while path:
            found = self.fields.get(path)
            if found is not None:
                return found
            path = path[:-1]
        own = self.fields.get(())  # the entry's line, when worked out only on demand
        return own if own is not None else Origin(self.file, self.line)


class LinesOnDemand:
    """The lines of a manifest's values, worked out the first time a problem asks:
    a clean manifest is not read a second time, and no line of a field is held
    meanwhile (a manifest of 10,000 testimonies has some 700,000 fields). Once
    worked out, they wait on disk an entry at a time (_SpilledLines)."""

    def __init__(self, work_out: Callable[[_SpilledLines], None]) -> None:
        self.work_out, self.lines = work_out, None

    def of(self, prefix: FieldPath) -> dict[FieldPath, int]:
        """The lines under prefix (an entry, or a top key), by their whole path."""
        if self.lines is None:
            self.lines = _SpilledLines()
            self.work_out(self.lines)
        return self.lines.of(prefix)


class _SpilledLines:
    """path -> line, given in document order, kept on disk an entry at a time
    ((section, n) for a list's items, (key,) otherwise) and read back one entry
    at a time: the dict of a 10,000-testimony manifest's lines was 60 MB."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __del__)
        self._spans: dict[FieldPath, list[tuple[int, int]]] = {}
        self._group: FieldPath | None = None
        self._lines: dict[FieldPath, int] = {}
        self._read: tuple[FieldPath | None, dict[FieldPath, int]] = (None, {})

    def __setitem__(self, path: FieldPath, line: int) -> None:
        group = _group_of(path)
        if group != self._group:
            self._flush()
            self._group = group
        self._lines[path] = line

    def update(self, lines: Mapping[FieldPath, int]) -> None:
        for path, line in lines.items():
            self[path] = line

    def _flush(self) -> None:
        if self._group is not None and self._lines:
            start = self._file.seek(0, 2)
            self._file.write(pickle.dumps(self._lines, pickle.HIGHEST_PROTOCOL))
            # A group met again adds to what it had.
            self._spans.setdefault(self._group, []).append((start, self._file.tell()))
        self._lines = {}

    def __del__(self) -> None:
        if hasattr(self, "_file"):
            self._file.close()

    def of(self, prefix: FieldPath) -> dict[FieldPath, int]:
        self._flush()
        self._group = None
        group = _group_of(prefix)
        if self._read[0] != group:
            lines: dict[FieldPath, int] = {}
            for start, end in self._spans.get(group, ()):
                self._file.seek(start)
                lines.update(pickle.loads(self._file.read(end - start)))
            self._read = (group, lines)
        return self._read[1]


def _group_of(path: FieldPath) -> FieldPath:
    """The entry a path is in, (section, n), or its top key."""
    return path[:2] if len(path) > 1 and isinstance(path[1], int) else path[:1]


class FieldsOnDemand(Mapping):
    """One entry's paths -> Origin; () is the entry itself."""

    __slots__ = ("lines", "name", "prefix")  # one per manifest entry

    def __init__(self, name: str, lines: LinesOnDemand, prefix: FieldPath) -> None:
        self.name, self.lines, self.prefix = name, lines, prefix

    def __getitem__(self, path: FieldPath) -> Origin:
        line = self.lines.of(self.prefix).get((*self.prefix, *path))
        if line is None:
            raise KeyError(path)
        return Origin(self.name, line)

    def __iter__(self):
        n = len(self.prefix)
        lines = self.lines.of(self.prefix)
        return iter([path[n:] for path in lines if path[:n] == self.prefix])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def lines_if_unchanged(
    manifest: Path,
    digest: bytes,
    positions: Callable[[str, _SpilledLines], object],
    lines: _SpilledLines,
) -> None:
    try:
        data = manifest.read_bytes()
    except OSError:
        return
    if hashlib.sha256(data).digest() == digest:
        positions(decode_text(data, manifest.name), lines)
