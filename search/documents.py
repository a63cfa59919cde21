"""Index documents built from catalogue records: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterator

from archive.testimonies.records import ChapterRecord, TestimonyRecord
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
        # Who, where from and how long, shown with every result; where the
        # speakers came from and went to are also the From and To facets.
        "origins": _speaker_countries(record, "origin_countries"),
        "destinations": _speaker_countries(record, "destinations"),
        "interviewers": tuple(record.interviewers),
        "duration": _duration(record),
        "parts": len(record.recordings),
        "access": record.access,
        "embargo_until": record.embargo_until.isoformat() if record.embargo_until else None,
    }


def _speaker_countries(record: TestimonyRecord, role: str) -> tuple[tuple[str, str], ...]:
    """The speakers' countries in a role (origin_countries or destinations),
    each once, in the speakers' order."""
    seen: dict[str, str] = {}
    for speaker in record.speakers:
        for country in getattr(speaker, role):
            seen.setdefault(country.id, country.label)
    return tuple(seen.items())


def _duration(record: TestimonyRecord) -> float | None:
    """Seconds of audio over every part; None when no part's length is known."""
    known = [r.duration for r in record.recordings if r.duration]
    return round(sum(known), 1) if known else None


def chapter_text(chapter: ChapterRecord) -> str:
    """A chapter as a moment reads: 'title — synopsis (keywords)'."""
    text = " — ".join(filter(None, (chapter.title, chapter.synopsis)))
    return f"{text} ({', '.join(chapter.keywords)})" if chapter.keywords else text


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
        "about": {
            "summary": record.summary,
            "speakers": tuple(
                (s.name, tuple(s.name_variants), s.biography) for s in record.speakers
            ),
        },
        "alltext": "\n".join(
            about
            + [s.text for s in record.segments]
            + [" ".join(filter(None, (c.title, c.synopsis, *c.keywords))) for c in record.chapters]
        ),
    }
    for number, chapter in enumerate(record.chapters):
        yield {
            "id": f"{CHAPTER}:{accession}:{number}",
            "kind": CHAPTER,
            "accession": accession,
            "part": chapter.part,
            "start": chapter.start,
            "text": chapter_text(chapter),
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
