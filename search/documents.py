"""Index documents built from catalogue records: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterator

from archive.records import TestimonyRecord
from search.schema import CHAPTER, SEGMENT, TESTIMONY


def testimony_facts(record: TestimonyRecord) -> dict[str, object]:
    """What filters, facets, sorting and access need, stored on the testimony document."""
    return {
        "title": record.title,
        "collection": (record.collection.slug, record.collection.title),
        "countries": tuple((c.id, c.label) for c in record.countries),
        "themes": tuple((t.id, t.label) for t in record.themes),
        "languages": tuple(record.languages),
        "speakers": tuple((s.slug, s.name) for s in record.speakers),
        "year_from": record.year_from,
        "year_to": record.year_to if record.year_to is not None else record.year_from,
        "recorded": record.recorded,
        "access": record.access,
        "embargo_until": record.embargo_until.isoformat() if record.embargo_until else None,
    }


def documents_for(record: TestimonyRecord) -> Iterator[dict[str, object]]:
    accession = record.accession
    about = [record.summary or ""]
    for speaker in record.speakers:
        about += [" ".join((speaker.name, *speaker.name_variants)), speaker.biography or ""]
    yield {
        "id": f"{TESTIMONY}:{accession}",
        "kind": TESTIMONY,
        "accession": accession,
        "title": record.title,
        "part": 1,
        "start": 0.0,
        "text": "\n".join(filter(None, about)),
        "facts": testimony_facts(record),
        "alltext": "\n".join(
            about
            + [s.text for s in record.segments]
            + [" ".join(filter(None, (c.title, c.synopsis, *c.keywords))) for c in record.chapters]
        ),
    }
    for number, chapter in enumerate(record.chapters):
        text = " ".join(filter(None, (chapter.title, chapter.synopsis, *chapter.keywords)))
        yield {
            "id": f"{CHAPTER}:{accession}:{number}",
            "kind": CHAPTER,
            "accession": accession,
            "part": chapter.part,
            "start": chapter.start,
            "text": text,
        }
    for segment in record.segments:
        yield {
            "id": f"{SEGMENT}:{accession}:{segment.part}:{segment.position}",
            "kind": SEGMENT,
            "accession": accession,
            "part": segment.part,
            "start": segment.start,
            "text": segment.text,
            "speaker_label": segment.speaker_label,
        }
