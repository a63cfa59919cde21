"""The catalogue as JSON (one object per testimony, chapters nested) and as CSV
(one row per testimony, lists `;`-separated as in CSV manifests, cells that a
spreadsheet would run as a formula neutralised): pure functions over records."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date
from pathlib import PurePath
from typing import Any

from archive.access import is_public
from archive.exports.selection import Scope
from archive.testimonies.records import TestimonyRecord

CSV_COLUMNS = (
    "accession",
    "title",
    "collection",
    "collection_title",
    "speakers",
    "speaker_ids",
    "interviewers",
    "recorded",
    "place",
    "languages",
    "summary",
    "countries",
    "country_names",
    "year_from",
    "year_to",
    "themes",
    "theme_labels",
    "access",
    "embargo_until",
    "visible_to_public",
    "rights",
    "recording_parts",
    "recording_files",
    "recording_durations",
    "recording_mime_types",
    "recording_sizes",
    "recording_sha256",
    "segment_count",
    "chapter_count",
    "translations",
)
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell starting with one of these as a formula (CSV
# injection: =HYPERLINK(...), +cmd|...); tab and carriage return can hide one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"  # a spreadsheet then shows the cell as text, apostrophe first
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def catalogue_entry(record: TestimonyRecord, today: date) -> dict[str, Any]:
    """One testimony's catalogue record as JSON-ready values; the transcript itself is
    counted here and exported as files. `rights` is the testimony's own statement,
    else its collection's."""
    spoken = [s for s in record.segments if s.language is None]
    translated = Counter(s.language for s in record.segments if s.language is not None)
    return {
        "accession": record.accession,
        "title": record.title,
        "collection": {"slug": record.collection.slug, "title": record.collection.title},
        "speakers": [
            {"id": s.slug, "name": s.name, "name_variants": list(s.name_variants)}
            for s in record.speakers
        ],
        "interviewers": list(record.interviewers),
        "recorded": record.recorded,
        "place": record.place,
        "languages": list(record.languages),
        "summary": record.summary,
        "countries": [{"code": c.id, "name": c.label} for c in record.countries],
        "year_from": record.year_from,
        "year_to": record.year_to,
        "themes": [{"id": t.id, "label": t.label} for t in record.themes],
        "access": record.access,
        "embargo_until": record.embargo_until.isoformat() if record.embargo_until else None,
        "visible_to_public": is_public(record.access, record.embargo_until, today),
        "rights": record.rights or record.collection.rights,
        "recordings": [
            {
                "part": r.part,
                "file": PurePath(r.path).name,
                "duration": round(r.duration, 3) if r.duration is not None else None,
                "mime_type": r.mime_type,
                "size": r.size,
                "sha256": r.sha256,
            }
            for r in record.recordings
        ],
        "segment_count": len(spoken),
        "translations": dict(sorted(translated.items())),
        "chapter_count": len(record.chapters),
        "chapters": [
            {
                "part": c.part,
                "start": c.start,
                "title": c.title,
                "synopsis": c.synopsis,
                "keywords": list(c.keywords),
            }
            for c in record.chapters
        ],
    }


def catalogue_json(entries: list[dict[str, Any]], scope: Scope) -> str:
    """The entries under a header saying what the export holds and as of when."""
    document = {
        "exported": scope.today.isoformat(),
        "collection": scope.collection,
        "access": scope.access,
        "note": scope.description,
        "count": len(entries),
        "testimonies": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def csv_row(entry: dict[str, Any]) -> dict[str, str]:
    """A JSON entry flattened into the CSV columns."""
    recordings = entry["recordings"]
    return {
        "accession": entry["accession"],
        "title": entry["title"],
        "collection": entry["collection"]["slug"],
        "collection_title": entry["collection"]["title"],
        "speakers": _joined(s["name"] for s in entry["speakers"]),
        "speaker_ids": _joined(s["id"] for s in entry["speakers"]),
        "interviewers": _joined(entry["interviewers"]),
        "recorded": _cell(entry["recorded"]),
        "place": _cell(entry["place"]),
        "languages": _joined(entry["languages"]),
        "summary": _cell(entry["summary"]),
        "countries": _joined(c["code"] for c in entry["countries"]),
        "country_names": _joined(c["name"] for c in entry["countries"]),
        "year_from": _cell(entry["year_from"]),
        "year_to": _cell(entry["year_to"]),
        "themes": _joined(t["id"] for t in entry["themes"]),
        "theme_labels": _joined(t["label"] for t in entry["themes"]),
        "access": entry["access"],
        "embargo_until": _cell(entry["embargo_until"]),
        "visible_to_public": "yes" if entry["visible_to_public"] else "no",
        "rights": _cell(entry["rights"]),
        **{
            f"recording_{name}": _joined(_cell(r[key]) for r in recordings)
            for name, key in (
                ("parts", "part"),
                ("files", "file"),
                ("durations", "duration"),
                ("mime_types", "mime_type"),
                ("sizes", "size"),
                ("sha256", "sha256"),
            )
        },
        "segment_count": str(entry["segment_count"]),
        "chapter_count": str(entry["chapter_count"]),
        "translations": _joined(entry["translations"]),
    }


def catalogue_csv(entries: list[dict[str, Any]], *, raw_cells: bool = False) -> str:
    """RFC 4180 CSV with a header row; every field quoted where it must be, so commas,
    quotes and line breaks in titles and summaries survive. A cell starting like a
    formula gets a leading apostrophe unless raw_cells (the values exactly)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for entry in entries:
        row = csv_row(entry)
        writer.writerow(row if raw_cells else {k: neutralised(v) for k, v in row.items()})
    return buffer.getvalue()


def neutralised(cell: str) -> str:
    """The cell as a spreadsheet will show it as text, never run it: a leading
    apostrophe before =, +, -, @, tab or carriage return (a plain number such
    as -12.5 is left alone: it cannot be a formula)."""
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return FORMULA_GUARD + cell
    return cell


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _joined(values) -> str:
    return LIST_SEPARATOR.join(values)
