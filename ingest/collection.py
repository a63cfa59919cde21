"""A collection folder's manifest validated item by item: the entries that
pass, and a problem naming file, line and field for each one that does not.

Testimony entries are validated as they are read and kept on disk until the
ingest writes them (`SpilledEntries`): the memory an ingest needs does not
grow with the number of testimonies (a manifest of 10,000 held 116 MB as
plain values and validated entries)."""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ingest.errors import SourceError, UsageError
from ingest.identity import speaker_ids
from ingest.loose_files import loose_entries, transcript_files
from ingest.manifest import (
    CollectionEntry,
    ProgrammeEntry,
    SpeakerEntry,
    TalkEntry,
    TestimonyEntry,
    describe_validation_error,
)
from ingest.manifest_files import find_manifest, read_manifest
from ingest.origins import Origin
from ingest.report import Problem

MODELS: dict[str, type[BaseModel]] = {
    "speakers": SpeakerEntry,
    "testimonies": TestimonyEntry,
    "programmes": ProgrammeEntry,
    "talks": TalkEntry,
}
ITEM_KEYS = {"speakers": "id", "testimonies": "accession", "programmes": "id", "talks": "id"}


class SpilledEntries(Sequence):
    """Validated testimony entries in an unnamed temporary file, read back one
    at a time, in manifest order; entries whose accession is duplicated are
    left out once `leave_out` names them."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._offsets = array("Q", [0])
        self._accessions: list[str] = []
        self._speakers: set[str] = set()
        self._kept: list[int] | None = None  # positions of the entries not left out

    def add(self, entry: TestimonyEntry) -> None:
        self._file.write(pickle.dumps(entry, pickle.HIGHEST_PROTOCOL))
        self._offsets.append(self._file.tell())
        self._accessions.append(entry.accession)
        self._speakers |= speaker_ids(entry.speakers)

    def leave_out(self, accessions: Iterable[str]) -> None:
        gone = set(accessions)
        self._file.flush()
        self._kept = [n for n, a in enumerate(self._accessions) if a not in gone]

    @property
    def accessions(self) -> list[str]:
        return [self._accessions[n] for n in self._positions()]

    @property
    def speaker_references(self) -> set[str]:
        """The speaker ids every entry names (before any is left out)."""
        return self._speakers

    def _positions(self) -> Sequence[int]:
        return range(len(self._accessions)) if self._kept is None else self._kept

    def __len__(self) -> int:
        return len(self._positions())

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[n] for n in range(len(self))[index]]
        n = self._positions()[index]
        self._file.flush()
        start, end = self._offsets[n], self._offsets[n + 1]
        return pickle.loads(os.pread(self._file.fileno(), end - start, start))

    def __iter__(self) -> Iterator[TestimonyEntry]:
        for index in range(len(self)):
            yield self[index]

    def close(self) -> None:
        self._file.close()

    def __del__(self) -> None:
        if hasattr(self, "_file"):
            self._file.close()


@dataclass
class LoadedCollection:
    folder: Path
    manifest: Path
    collection: CollectionEntry
    speakers: list[SpeakerEntry] = field(default_factory=list)
    testimonies: SpilledEntries = field(default_factory=SpilledEntries)
    programmes: list[ProgrammeEntry] = field(default_factory=list)
    talks: list[TalkEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    manifest_files: list[Path] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    # Every accession the manifest names, valid or not: --prune never removes a
    # testimony just because its entry has a typo this time.
    declared: set[str] = field(default_factory=set)
    # The source describes the whole collection (not a single file given): files
    # present but unused are reported, and testimonies no longer named too.
    whole_collection: bool = True

    def origin(self, accession: str) -> Origin:
        return self.origins.get(f"testimonies:{accession}", Origin(self.manifest.name))


def load_collection(path: Path) -> LoadedCollection:
    """Validate the manifest; raise SourceError only if nothing can be used."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    manifest = find_manifest(path)
    if manifest is None:
        return _load_loose_files(path)
    # Testimonies are validated as they are read; their problems take their
    # section's place in the report, after the speakers'.
    spilled, testimony_problems = SpilledEntries(), []
    declared: set[str] = set()
    origins: dict[str, Origin] = {}

    def take(number: int, entry: object, origin: Origin) -> None:
        validated = _validated("testimonies", number, entry, origin, testimony_problems, declared)
        if validated is not None:
            spilled.add(validated)
            origins.setdefault(f"testimonies:{validated.accession}", origin)

    raw = read_manifest(manifest, take_testimony=take)
    try:
        collection = CollectionEntry.model_validate(raw.collection)
    except ValidationError as error:
        location, field_name, message = describe_validation_error(error)[0]
        where = f"collection.{field_name}".rstrip(".")
        origin = (raw.collection_origin or Origin(manifest.name)).at(location)
        raise SourceError(message, file=origin.file, line=origin.line, field=where) from None
    loaded = LoadedCollection(
        manifest.parent,
        manifest,
        collection,
        testimonies=spilled,
        manifest_files=raw.files,
        origins=origins,
        declared=declared,
    )
    for key in raw.unknown_keys:
        loaded.problems.append(
            Problem(
                "error",
                "unknown top-level key; expected collection, "
                "speakers, testimonies, programmes, talks",
                file=manifest.name,
                field=key,
            )
        )
    for section in MODELS:
        if section == "testimonies":
            loaded.problems += testimony_problems
            twice = _duplicated("testimonies", spilled.accessions, manifest.name, loaded.problems)
            spilled.leave_out(twice)
            continue
        valid = _validate_each(section, raw.sections.get(section, []), loaded)
        setattr(loaded, section, _drop_duplicates(section, valid, manifest.name, loaded.problems))
    return loaded


def _validate_each(section: str, entries: list, loaded: LoadedCollection) -> list:
    valid = []
    key = ITEM_KEYS[section]
    for number, (entry, origin) in enumerate(entries):
        validated = _validated(section, number, entry, origin, loaded.problems, loaded.declared)
        if validated is not None:
            valid.append(validated)
            loaded.origins.setdefault(f"{section}:{getattr(validated, key)}", origin)
    return valid


def _validated(
    section: str,
    number: int,
    entry: object,
    origin: Origin,
    problems: list[Problem],
    declared: set[str],
) -> BaseModel | None:
    """The entry validated, or None with a problem for each thing wrong in it."""
    item = _item_name(entry, ITEM_KEYS[section])
    if section == "testimonies" and item:
        declared.add(item)
    try:
        return MODELS[section].model_validate(entry)
    except ValidationError as error:
        for location, field_path, message in describe_validation_error(error):
            where = f"{section}[{number}]" + (f".{field_path}" if field_path else "")
            # The line holding the bad value (a list's item), not only the entry's first.
            value = origin.at(location)
            problems.append(
                Problem("error", message, file=value.file, line=value.line, field=where, item=item)
            )
        return None


def _item_name(entry: object, key: str) -> str | None:
    """The entry's id or accession as written, to name it in problems: only if it is text
    or a number, since a YAML alias can make it a structure of a billion strings."""
    value = entry.get(key) if isinstance(entry, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int | float) or value == "":
        return None
    return str(value)[:100]


def _drop_duplicates(section: str, entries: list, name: str, problems: list[Problem]) -> list:
    """Entries whose key occurs more than once are all rejected: which one is meant?"""
    key = ITEM_KEYS[section]
    twice = _duplicated(section, [getattr(e, key) for e in entries], name, problems)
    return [e for e in entries if getattr(e, key) not in twice]


def _duplicated(section: str, keys: list, name: str, problems: list[Problem]) -> set:
    """The keys written more than once, each reported."""
    key = ITEM_KEYS[section]
    counts = Counter(keys)
    twice = set()
    for value, count in counts.items():
        if count > 1:
            twice.add(value)
            problems.append(
                Problem(
                    "error",
                    f"duplicate {key} {value!r} ({count} entries); expected each {key} once",
                    file=name,
                    field=f"{section}.{key}",
                    item=value,
                )
            )
    return twice


def _load_loose_files(path: Path) -> LoadedCollection:
    """Transcript files without a manifest: one testimony each, restricted."""
    if not transcript_files(path):
        raise UsageError(
            f"{path}: expected a collection folder with a manifest (manifest.yaml, "
            "manifest.json or manifest.csv), or transcript files (.txt, .vtt, .srt, .xml, .docx)"
        )
    collection, testimonies, speakers, problems = loose_entries(path)
    folder = path if path.is_dir() else path.parent
    loaded = LoadedCollection(
        folder,
        path,
        CollectionEntry.model_validate(collection),
        problems=problems,
        whole_collection=path.is_dir(),
        manifest_files=transcript_files(path),
    )
    speaker_origins = [(speaker, Origin(path.name)) for speaker in speakers]
    loaded.speakers = _validate_each("speakers", speaker_origins, loaded)
    for entry in _validate_each("testimonies", testimonies, loaded):
        loaded.testimonies.add(entry)
    twice = _duplicated("testimonies", loaded.testimonies.accessions, path.name, loaded.problems)
    loaded.testimonies.leave_out(twice)
    return loaded
