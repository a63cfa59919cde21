"""What a writer hands the catalogue: plain, validated values for one item.

The ingest pipeline turns manifests and files into drafts; each area's `writes`
turns drafts into rows. Drafts are frozen so a checksum over one is stable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from archive.audio import AudioFacts


@dataclass(frozen=True)
class CollectionDraft:
    slug: str
    title: str
    description: str | None = None
    publisher: str | None = None
    rights: str | None = None
    fictional: bool = False
    notice: str | None = None
    source_path: str | None = None


@dataclass(frozen=True)
class SpeakerDraft:
    slug: str
    name: str
    # The collection cataloguing the speaker: the first one to do so owns it.
    collection_slug: str
    name_variants: tuple[str, ...] = ()
    birth_year: int | None = None
    birthplace: str | None = None
    origin_countries: tuple[str, ...] = ()
    departure_year: int | None = None
    departure_route: str | None = None
    destinations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    biography: str | None = None
    speaks_on: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    available: bool = False
    pitch: str | None = None
    # The portrait image's path, resolved inside the collection like a recording's.
    portrait: str | None = None


@dataclass(frozen=True)
class RecordingDraft(AudioFacts):
    part: int
    path: str
    tags: tuple[tuple[str, str], ...] = ()
    readable: bool = True
    problem: str | None = None


@dataclass(frozen=True)
class SegmentDraft:
    part: int
    start: float
    end: float | None
    speaker_label: str | None
    text: str
    # None for the words as spoken; an ISO 639 code for a translation of them.
    language: str | None = None


@dataclass(frozen=True)
class ChapterDraft:
    part: int
    start: float
    title: str
    synopsis: str | None = None
    keywords: tuple[str, ...] = ()
    gps: str | None = None


@dataclass(frozen=True)
class TestimonyDraft:
    accession: str
    collection_slug: str
    title: str
    speakers: tuple[str, ...] = ()
    interviewers: tuple[str, ...] = ()
    recorded: str | None = None
    place: str | None = None
    languages: tuple[str, ...] = ()
    summary: str | None = None
    countries: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    themes: tuple[str, ...] = ()
    access: str = "public"
    embargo_until: date | None = None
    rights: str | None = None
    recordings: tuple[RecordingDraft, ...] = ()
    segments: tuple[SegmentDraft, ...] = ()
    chapters: tuple[ChapterDraft, ...] = ()
    source_checksum: str = field(default="")


@dataclass(frozen=True)
class ProgrammeDraft:
    slug: str
    title: str
    kind: str
    description: str | None = None
    starts: date | None = None
    ends: date | None = None


@dataclass(frozen=True)
class TalkDraft:
    slug: str
    programme_slug: str
    title: str
    date: date
    speakers: tuple[str, ...] = ()
    venue: str | None = None
    institution: str | None = None
    city: str | None = None
    format: str = "in_person"
    audience: str | None = None
    status: str = "planned"
    testimonies: tuple[str, ...] = ()


def draft_checksum(draft: object) -> str:
    """A sha256 over every value of a draft: equal checksums, equal content."""
    payload = json.dumps(asdict(draft), sort_keys=True, default=str, ensure_ascii=False)  # type: ignore[call-overload]
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
