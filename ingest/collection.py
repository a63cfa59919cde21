"""Reading a collection folder's manifest into validated entries, item by
item: the entries that pass, and a problem for each one that does not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from ingest.errors import SourceError, UsageError
from ingest.manifest import (
    CollectionEntry,
    ProgrammeEntry,
    SpeakerEntry,
    TalkEntry,
    TestimonyEntry,
    describe_validation_error,
)
from ingest.report import Problem

MANIFEST_NAME = "manifest.yaml"
SECTIONS: dict[str, type[BaseModel]] = {
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


def find_manifest(path: Path) -> Path:
    if path.is_file() and path.name == MANIFEST_NAME:
        return path
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    manifest = path / MANIFEST_NAME
    if not path.is_dir() or not manifest.is_file():
        raise UsageError(f"{path}: expected a collection folder with a {MANIFEST_NAME} at its root")
    return manifest


def load_collection(path: Path) -> LoadedCollection:
    """Validate the manifest; raise SourceError only if nothing can be used."""
    manifest = find_manifest(path)
    raw = _read_yaml(manifest)
    name = manifest.name
    unknown = set(raw) - {"collection", *SECTIONS}
    try:
        collection = CollectionEntry.model_validate(raw.get("collection"))
    except ValidationError as error:
        field_name, message = describe_validation_error(error)[0]
        where = f"collection.{field_name}".rstrip(".")
        raise SourceError(message, file=name, field=where) from None
    loaded = LoadedCollection(manifest.parent, manifest, collection)
    for key in sorted(unknown):
        loaded.problems.append(
            Problem(
                "error",
                "unknown top-level key; expected collection, "
                "speakers, testimonies, programmes, talks",
                file=name,
                field=key,
            )
        )
    for section, model in SECTIONS.items():
        entries = raw.get(section) or []
        if not isinstance(entries, list):
            loaded.problems.append(Problem("error", "expected a list", file=name, field=section))
            continue
        valid = _validate_each(section, model, entries, name, loaded.problems)
        setattr(loaded, section, _drop_duplicates(section, valid, name, loaded.problems))
    return loaded


def _read_yaml(manifest: Path) -> dict:
    try:
        raw = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise SourceError(f"not UTF-8 text (byte {error.start})", file=manifest.name) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceError(
            f"not valid YAML: {getattr(error, 'problem', error)}",
            file=manifest.name,
            line=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(raw, dict) or "collection" not in raw:
        raise SourceError("expected a mapping with at least a 'collection' key", file=manifest.name)
    return raw


def _validate_each(
    section: str, model: type[BaseModel], entries: list, name: str, problems: list[Problem]
) -> list:
    valid = []
    key = ITEM_KEYS[section]
    for number, entry in enumerate(entries):
        item = str(entry.get(key)) if isinstance(entry, dict) and entry.get(key) else None
        try:
            valid.append(model.model_validate(entry))
        except ValidationError as error:
            for field_path, message in describe_validation_error(error):
                where = f"{section}[{number}]" + (f".{field_path}" if field_path else "")
                problems.append(Problem("error", message, file=name, field=where, item=item))
    return valid


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
