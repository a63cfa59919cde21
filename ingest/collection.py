"""A collection folder's manifest validated item by item: the entries that
pass, and a problem naming file, line and field for each one that does not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ingest.errors import SourceError, UsageError
from ingest.loose_files import loose_entries, transcript_files
from ingest.manifest import (
    CollectionEntry,
    ProgrammeEntry,
    SpeakerEntry,
    TalkEntry,
    TestimonyEntry,
    describe_validation_error,
)
from ingest.manifest_files import Origin, find_manifest, read_manifest
from ingest.report import Problem

MODELS: dict[str, type[BaseModel]] = {
    "speakers": SpeakerEntry,
    "testimonies": TestimonyEntry,
    "programmes": ProgrammeEntry,
    "talks": TalkEntry,
}
ITEM_KEYS = {"speakers": "id", "testimonies": "accession", "programmes": "id", "talks": "id"}


@dataclass
class LoadedCollection:
    folder: Path
    manifest: Path
    collection: CollectionEntry
    speakers: list[SpeakerEntry] = field(default_factory=list)
    testimonies: list[TestimonyEntry] = field(default_factory=list)
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
    raw = read_manifest(manifest)
    try:
        collection = CollectionEntry.model_validate(raw.collection)
    except ValidationError as error:
        location, field_name, message = describe_validation_error(error)[0]
        where = f"collection.{field_name}".rstrip(".")
        origin = (raw.collection_origin or Origin(manifest.name)).at(location)
        raise SourceError(message, file=origin.file, line=origin.line, field=where) from None
    loaded = LoadedCollection(manifest.parent, manifest, collection, manifest_files=raw.files)
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
    for section, model in MODELS.items():
        valid = _validate_each(section, model, raw.sections.get(section, []), loaded)
        setattr(loaded, section, _drop_duplicates(section, valid, manifest.name, loaded.problems))
    return loaded


def _validate_each(
    section: str, model: type[BaseModel], entries: list, loaded: LoadedCollection
) -> list:
    valid = []
    key = ITEM_KEYS[section]
    for number, (entry, origin) in enumerate(entries):
        item = _item_name(entry, key)
        if section == "testimonies" and item:
            loaded.declared.add(item)
        try:
            validated = model.model_validate(entry)
        except ValidationError as error:
            for location, field_path, message in describe_validation_error(error):
                where = f"{section}[{number}]" + (f".{field_path}" if field_path else "")
                # The line holding the bad value (a list's item), not only the entry's first.
                value = origin.at(location)
                loaded.problems.append(
                    Problem(
                        "error", message, file=value.file, line=value.line, field=where, item=item
                    )
                )
            continue
        valid.append(validated)
        loaded.origins.setdefault(f"{section}:{getattr(validated, key)}", origin)
    return valid


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
    counts = Counter(getattr(e, key) for e in entries)
    for value, count in counts.items():
        if count > 1:
            problems.append(
                Problem(
                    "error",
                    f"duplicate {key} {value!r} ({count} entries); expected each {key} once",
                    file=name,
                    field=f"{section}.{key}",
                    item=value,
                )
            )
    return [e for e in entries if counts[getattr(e, key)] == 1]


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
    loaded.speakers = _validate_each("speakers", SpeakerEntry, speaker_origins, loaded)
    valid = _validate_each("testimonies", TestimonyEntry, testimonies, loaded)
    loaded.testimonies = _drop_duplicates("testimonies", valid, path.name, loaded.problems)
    return loaded
