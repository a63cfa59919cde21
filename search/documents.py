"""Index documents built from catalogue records: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from archive.records import TestimonyRecord
from search.schema import CHAPTER, SEGMENT, TESTIMONY


def day_term(day: date | None) -> str:
    """yyyymmdd: sorts as the day does ("00000000" when there is none)."""
    return day.strftime("%Y%m%d") if day else "00000000"


def year_term(year: int | None) -> str:
    return f"{year:04d}" if year is not None else "0000"


def _shared_fields(record: TestimonyRecord) -> dict[str, object]:
    """The testimony's metadata, repeated on each of its documents."""
    return {
        "accession": record.accession,
        "collection": record.collection.slug,
        "countries": ",".join(c.id for c in record.countries),
        "themes": ",".join(t.id for t in record.themes),
        "languages": ",".join(record.languages),
        "speakers": ",".join(s.slug for s in record.speakers),
        "year_from": year_term(record.year_from),
        "year_to": year_term(record.year_to if record.year_to is not None else record.year_from),
        "access": record.access,
        "embargo_until": day_term(record.embargo_until),
        "display_title": record.title,
    }


def documents_for(record: TestimonyRecord) -> Iterator[dict[str, object]]:
    shared = _shared_fields(record)
    about = [record.summary or ""]
    for speaker in record.speakers:
        about.append(" ".join((speaker.name, *speaker.name_variants)))
    yield {
        **shared,
        "id": f"{TESTIMONY}:{record.accession}",
        "kind": TESTIMONY,
        "title": record.title,
        "part": 1,
        "start": 0.0,
        "text": "\n".join(filter(None, about)),
    }
    for number, chapter in enumerate(record.chapters):
        text = " ".join(filter(None, (chapter.title, chapter.synopsis, *chapter.keywords)))
        yield {
            **shared,
            "id": f"{CHAPTER}:{record.accession}:{number}",
            "kind": CHAPTER,
            "part": chapter.part,
            "start": chapter.start,
            "text": text,
            "speaker_label": chapter.title,
        }
    for segment in record.segments:
        yield {
            **shared,
            "id": f"{SEGMENT}:{record.accession}:{segment.part}:{segment.position}",
            "kind": SEGMENT,
            "part": segment.part,
            "start": segment.start,
            "text": segment.text,
            "speaker_label": segment.speaker_label,
        }
