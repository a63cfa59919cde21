"""Plain, immutable records that leave the catalogue: what templates, the API,
the index and the CLI receive instead of ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from archive.audio import AudioFacts


@dataclass(frozen=True)
class CollectionRecord:
    slug: str
    title: str
    description: str | None
    publisher: str | None
    rights: str | None
    fictional: bool
    notice: str | None


@dataclass(frozen=True)
class NamedTerm:
    """A vocabulary term as shown: its id or code and its label."""

    id: str
    label: str


@dataclass(frozen=True)
class SpeakerRef:
    slug: str
    name: str
    name_variants: tuple[str, ...]
    biography: str | None = None
    # Filled for full testimony records (search results say where speakers came
    # from; the search's From and To facets count both roles).
    origin_countries: tuple[NamedTerm, ...] = ()
    destinations: tuple[NamedTerm, ...] = ()


@dataclass(frozen=True)
class RecordingRecord(AudioFacts):
    part: int
    path: str
    readable: bool
    problem: str | None


@dataclass(frozen=True)
class SegmentRecord:
    part: int
    position: int
    start: float
    end: float | None
    speaker_label: str | None
    text: str
    language: str | None = None  # None: as spoken; else a translation's language


@dataclass(frozen=True)
class ChapterRecord:
    part: int
    start: float
    title: str
    synopsis: str | None
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class TestimonySummary:
    accession: str
    title: str
    collection_slug: str
    speakers: tuple[SpeakerRef, ...]
    recorded: str | None
    countries: tuple[NamedTerm, ...]
    year_from: int | None
    year_to: int | None
    access: str
    embargo_until: date | None


@dataclass(frozen=True)
class TestimonyRecord:
    accession: str
    title: str
    collection: CollectionRecord
    speakers: tuple[SpeakerRef, ...]
    interviewers: tuple[str, ...]
    recorded: str | None
    place: str | None
    languages: tuple[str, ...]
    summary: str | None
    countries: tuple[NamedTerm, ...]
    year_from: int | None
    year_to: int | None
    themes: tuple[NamedTerm, ...]
    access: str
    embargo_until: date | None
    rights: str | None
    recordings: tuple[RecordingRecord, ...]
    segments: tuple[SegmentRecord, ...]
    chapters: tuple[ChapterRecord, ...]
    source_checksum: str | None

    @property
    def years_label(self) -> str:
        return years_label(self.year_from, self.year_to)


def years_label(year_from: int | None, year_to: int | None) -> str:
    if year_from is None:
        return ""
    if year_to is None or year_to == year_from:
        return str(year_from)
    return f"{year_from}–{year_to}"
