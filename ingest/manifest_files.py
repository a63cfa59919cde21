"""Reading a manifest file — YAML, JSON or CSV — into plain dictionaries,
remembering the file and line each entry came from, before validation.

CSV is a family of files, one per section, because a spreadsheet has one
table per sheet: `manifest.csv` (testimonies, one row each), and beside it
optionally `collection.csv` (one row), `speakers.csv`, `programmes.csv`,
`talks.csv` and `chapters.csv` (rows with an `accession` column). List
fields are `;`-separated; empty cells are left out.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import yaml
from yaml.composer import Composer

from ingest.errors import SourceError, UsageError
from ingest.manifest_json import load_json
from ingest.origins import FieldsOnDemand, LinesOnDemand, Origin, lines_if_unchanged
from ingest.positions import FieldPath, json_positions, yaml_positions
from ingest.transcripts.decoded_file import DecodedFile
from ingest.transcripts.encoding import decode_text

# libyaml's loader when present: a thousand-testimony manifest parses in a tenth
# of the time.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MANIFEST_NAMES = ("manifest.yaml", "manifest.yml", "manifest.json", "manifest.csv")
SECTIONS = ("speakers", "testimonies", "programmes", "talks")
CSV_FILES = {
    "collection": "collection.csv",
    "speakers": "speakers.csv",
    "programmes": "programmes.csv",
    "talks": "talks.csv",
}
# Columns a CSV file cannot do without; the rest are optional.
CSV_REQUIRED = {
    "manifest.csv": ("accession", "title", "speakers"),
    "collection.csv": ("id", "title"),
    "speakers.csv": ("id", "name"),
    "programmes.csv": ("id", "title", "kind"),
    "talks.csv": ("id", "programme", "title", "speakers", "date"),
    "chapters.csv": ("accession", "start", "title"),
}


# Scalars YAML resolves to Python values that may not exist: 1999-02-30, 10**5000.
LENIENT_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp")


def _or_text(construct):
    def constructor(loader, node):
        try:
            return construct(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    return constructor


class ManifestLoader(SAFE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, keeping as the text written a scalar Python cannot hold: an
    unquoted 1999-02-30, a number of thousands of digits. Validation then reports it
    against its field, instead of the whole manifest failing with a ValueError."""

    yaml_constructors: ClassVar[dict] = {
        **SAFE_LOADER.yaml_constructors,
        **{tag: _or_text(SAFE_LOADER.yaml_constructors[tag]) for tag in LENIENT_TAGS},
    }


@dataclass
class RawManifest:
    path: Path
    collection: object
    sections: dict[str, list[tuple[object, Origin]]] = field(default_factory=dict)
    unknown_keys: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    collection_origin: Origin | None = None


def find_manifest(path: Path) -> Path | None:
    """The manifest of a collection folder (or the manifest file given), else None."""
    if path.is_file():
        return path if path.name in MANIFEST_NAMES else None
    found = [path / name for name in MANIFEST_NAMES if (path / name).is_file()]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise UsageError(f"{path}: several manifests ({names}); expected exactly one")
    return found[0] if found else None


# A manifest's entries, each with where it was written: (number in its section,
# entry, origin). A reader given one hands it each testimony as it is read.
TakeEntry = Callable[[int, object, "Origin"], None]


def read_manifest(manifest: Path, take_testimony: TakeEntry | None = None) -> RawManifest:
    """The manifest's plain values and where each was written.

    take_testimony: called with each testimony entry as it is read, which is
    then not kept (sections["testimonies"] stays empty): a YAML or JSON
    manifest's testimonies are read, handed over and let go one at a time, so
    that the memory for 10,000 of them is the memory for one (a JSON
    manifest's text is held whole meanwhile; a YAML one's is not).
    """
    if manifest.suffix == ".csv":
        return _handed_over(_read_csv_family(manifest), take_testimony)
    entry_lines: dict[FieldPath, int] = {}
    # The lines of fields are worked out when a problem first asks, from the
    # file read again (the text is not held meanwhile: 10 MB at 10,000
    # testimonies); if it changed since, only entries' lines are known.
    lines = LinesOnDemand(lambda into: lines_if_unchanged(manifest, digest, positions, into))

    def origin_of(path: FieldPath) -> Origin:
        fields = FieldsOnDemand(manifest.name, lines, path)
        return Origin(manifest.name, entry_lines.get(path), fields)

    streamed = {}
    if take_testimony is not None:
        streamed["testimonies"] = lambda n, entry: take_testimony(
            n, entry, origin_of(("testimonies", n))
        )
    if manifest.suffix == ".json":
        data = manifest.read_bytes()
        digest = hashlib.sha256(data).digest()
        positions = json_positions
        text = decode_text(data, manifest.name)
        del data
        raw = _load_json(text, manifest.name, streamed)
        del text
    else:
        # YAML is decoded and parsed a piece at a time, never held whole.
        stream = DecodedFile(manifest, manifest.name)
        digest = stream.digest
        positions = _yaml_lines
        with stream:
            raw = _load_yaml(stream, manifest.name, entry_lines, streamed)
    if not isinstance(raw, dict) or "collection" not in raw:
        raise SourceError("expected a mapping with at least a 'collection' key", file=manifest.name)
    result = RawManifest(
        manifest,
        raw["collection"],
        files=[manifest],
        collection_origin=origin_of(("collection",)),
    )
    # Keys YAML reads as numbers or null (1:, ~:) are named as text, to sort with the others.
    result.unknown_keys = sorted(str(key) for key in set(raw) - {"collection", *SECTIONS})
    for section in SECTIONS:
        entries = raw.get(section) or []
        if not isinstance(entries, list):
            raise SourceError(f"'{section}' must be a list", file=manifest.name, field=section)
        result.sections[section] = [
            (entry, origin_of((section, n))) for n, entry in enumerate(entries)
        ]
        raw[section] = None
    return _handed_over(result, take_testimony)


def _handed_over(result: RawManifest, take_testimony: TakeEntry | None) -> RawManifest:
    """The testimonies a reader holds handed to take_testimony, and let go."""
    if take_testimony is not None:
        entries, result.sections["testimonies"] = result.sections["testimonies"], []
        for n in range(len(entries)):
            (entry, origin), entries[n] = entries[n], None
            take_testimony(n, entry, origin)
    return result


def _load_json(text: str, name: str, streamed: dict[str, Callable[[int, object], None]]) -> object:
    try:
        return load_json(text, streamed)
    except json.JSONDecodeError as error:
        raise SourceError(f"not valid JSON: {error.msg}", file=name, line=error.lineno) from None


def _load_yaml(
    stream: DecodedFile,
    name: str,
    entry_lines: dict[FieldPath, int],
    streamed: dict[str, Callable[[int, object], None]],
) -> object:
    """The manifest; the line of its top keys and of each item of their lists
    added to entry_lines. The items of a list named in streamed are handed to
    its function as they are read, and not kept."""
    loader = _EntryLoader(stream)
    try:
        return _compose_by_entry(
            loader, every_line=False, positions=entry_lines, streamed=streamed
        )[0]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceError(
            f"not valid YAML: {getattr(error, 'problem', error)}",
            file=name,
            line=mark.line + 1 if mark else None,
        ) from None
    finally:
        loader.dispose()


class _EntryLoader(ManifestLoader, Composer):  # type: ignore[misc, valid-type]
    """The manifest loader, composing one value at a time: libyaml's events
    (when installed) composed into nodes by PyYAML's composer, so that a list of
    entries is composed, constructed and let go entry by entry. Composing a
    whole 10 MB manifest (10,000 testimonies) held 425 MB of nodes at once."""

    def __init__(self, text: str | DecodedFile) -> None:
        super().__init__(text)
        self.anchors = {}
        self.walked: set[int] = set()


def _yaml_lines(text: str, positions: MutableMapping[FieldPath, int]) -> None:
    """Every key's and list item's line put in positions, in document order, for
    a manifest _load_yaml has read (the values themselves let go as read)."""
    loader = _EntryLoader(text)
    try:
        _compose_by_entry(loader, every_line=True, keep_lists=False, positions=positions)
    finally:
        loader.dispose()


def _compose_by_entry(
    loader: _EntryLoader,
    *,
    every_line: bool = True,
    positions: MutableMapping[FieldPath, int] | None = None,
    streamed: dict[str, Callable[[int, object], None]] | None = None,
    keep_lists: bool = True,
) -> tuple[object, MutableMapping[FieldPath, int]]:
    """The document and the line of each key and list item, as yaml.compose and
    construct_document would give them, the top mapping's lists an item at a time;
    without every_line, only the lines of the top keys and their lists' items.
    positions: the dict to add the lines to; streamed: top keys whose list items
    are handed to a function (number, value) once read, instead of kept;
    without keep_lists, no top list keeps its items (only their lines are wanted)."""
    positions = {} if positions is None else positions
    streamed = streamed or {}
    loader.get_event()  # the stream's start
    if loader.check_event(yaml.StreamEndEvent):
        return None, {}
    loader.get_event()  # the document's start
    if not loader.check_event(yaml.MappingStartEvent) or loader.peek_event().anchor:
        node = loader.compose_node(None, None)
        raw = loader.construct_document(node)
        positions.update(yaml_positions(node))
    else:
        loader.get_event()
        raw = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key_node = loader.compose_node(None, None)
            key = loader.construct_document(key_node)
            if not isinstance(key, str | int | float | bool | None):
                raise yaml.constructor.ConstructorError(
                    "while reading the manifest",
                    None,
                    "found a key that is not text",
                    key_node.start_mark,
                )
            if key in raw:
                # YAML would keep the last value: a whole section silently lost.
                raise yaml.constructor.ConstructorError(
                    "while reading the manifest",
                    None,
                    f"found the key {key!r} a second time; expected each top-level key once",
                    key_node.start_mark,
                )
            if isinstance(key_node, yaml.ScalarNode):
                positions[(key_node.value,)] = key_node.start_mark.line + 1
            path = (key_node.value,) if isinstance(key_node, yaml.ScalarNode) else None
            if loader.check_event(yaml.SequenceStartEvent) and not loader.peek_event().anchor:
                loader.get_event()
                value = []
                take = streamed.get(key) if isinstance(key, str) else None
                count = 0
                while not loader.check_event(yaml.SequenceEndEvent):
                    item_path = (*path, count) if path else None
                    item = _composed(loader, item_path, positions, every_line)
                    if take is not None:
                        take(count, item)
                    elif keep_lists:
                        value.append(item)
                    count += 1
                loader.get_event()
            else:
                value = _composed(loader, path, positions, every_line)
            raw[key] = value
        loader.get_event()
    loader.get_event()  # the document's end
    if not loader.check_event(yaml.StreamEndEvent):
        raise yaml.composer.ComposerError(
            "expected a single document in the stream",
            None,
            "but found another document",
            loader.get_event().start_mark,
        )
    return raw, positions


def _composed(
    loader: _EntryLoader,
    path: FieldPath | None,
    positions: MutableMapping[FieldPath, int],
    every_line: bool,
) -> object:
    """One value composed and constructed; the lines under it added at path."""
    node = loader.compose_node(None, None)
    # Constructed first, as a whole document was: a merge key (<<: *base)
    # rewrites the mapping's node, and the lines are read from what it made.
    value = loader.construct_document(node)
    if path is not None:
        if isinstance(path[-1], int):
            positions[path] = node.start_mark.line + 1
        if every_line:
            for sub, line in yaml_positions(node, loader.walked).items():
                positions[(*path, *sub)] = line
    # Anchored nodes stay alive (the composer keeps them for their aliases), so
    # their ids stay theirs: an alias in a later entry is not walked again.
    loader.walked.update(id(anchored) for anchored in loader.anchors.values())
    return value


def _read_csv_family(manifest: Path) -> RawManifest:
    folder = manifest.parent
    testimonies = _csv_rows(manifest)
    chapters = _csv_rows(folder / "chapters.csv") if (folder / "chapters.csv").is_file() else []
    by_accession: dict[object, list[tuple[dict, Origin]]] = {}
    for row, at in chapters:  # grouped once, not searched for each testimony
        by_accession.setdefault(row.get("accession"), []).append((row, at))
    for number, (entry, origin) in enumerate(testimonies):
        own = by_accession.get(entry.get("accession"), [])
        if own:
            entry["chapters"] = [
                {k: v for k, v in row.items() if k != "accession"} for row, _ in own
            ]
            # A chapter's problems point to its row of chapters.csv.
            rows = {("chapters", n): at for n, (_, at) in enumerate(own)}
            testimonies[number] = (entry, Origin(origin.file, origin.line, rows))
    collection_rows = _optional_csv(folder, "collection")
    collection = (
        collection_rows[0][0]
        if collection_rows
        else {"id": _slug(folder.name), "title": folder.name}
    )
    result = RawManifest(manifest, collection, files=[manifest])
    result.sections["testimonies"] = testimonies
    for section in ("speakers", "programmes", "talks"):
        result.sections[section] = _optional_csv(folder, section)
    result.files += [
        folder / name for name in [*CSV_FILES.values(), "chapters.csv"] if (folder / name).is_file()
    ]
    return result


def _optional_csv(folder: Path, section: str) -> list[tuple[dict, Origin]]:
    path = folder / CSV_FILES[section]
    return _csv_rows(path) if path.is_file() else []


def _csv_rows(path: Path) -> list[tuple[dict, Origin]]:
    text = decode_text(path.read_bytes(), path.name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in CSV_REQUIRED[path.name] if c not in columns]
    if missing:
        raise SourceError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; expected "
            f"at least {', '.join(CSV_REQUIRED[path.name])} (see docs/manifest.md)",
            file=path.name,
            line=1,
        )
    rows = []
    try:
        for row in reader:
            values = {
                k.strip(): v.strip()
                for k, v in row.items()
                if k is not None and v is not None and v.strip()
            }
            if None in row:
                raise SourceError(
                    f"more cells than the {len(columns)} columns of the header",
                    file=path.name,
                    line=reader.line_num,
                )
            if values:
                rows.append((values, Origin(path.name, reader.line_num)))
    except csv.Error as error:
        raise SourceError(f"not valid CSV: {error}", file=path.name, line=reader.line_num) from None
    return rows


def _slug(name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return slug or "collection"
