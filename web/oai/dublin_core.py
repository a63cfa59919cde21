"""The Dublin Core (oai_dc) record of a testimony: which catalogue field goes
to which of the fifteen elements. docs/oai-pmh.md shows the same mapping as a
table; change both together."""

from __future__ import annotations

from archive.testimonies.harvest import HarvestedTestimony
from archive.testimonies.records import TestimonyRecord

# DCMI Type vocabulary terms.
SOUND, TEXT = "Sound", "Text"


def dublin_core(testimony: HarvestedTestimony, permalink: str) -> list[tuple[str, str]]:
    """(element, value) pairs in the usual order of the fifteen elements."""
    t = testimony.record
    elements = [("title", t.title)]
    elements += [("creator", speaker.name) for speaker in t.speakers]
    elements += [("subject", theme.label) for theme in t.themes]
    elements += [("description", text) for text in _descriptions(t)]
    elements.append(("publisher", t.collection.publisher or t.collection.title))
    elements += [("contributor", name) for name in t.interviewers]
    if t.recorded:
        elements.append(("date", t.recorded))  # W3CDTF: YYYY, YYYY-MM or YYYY-MM-DD
    if testimony.media_types:
        elements.append(("type", SOUND))
    if testimony.transcribed:
        elements.append(("type", TEXT))
    elements += [("format", media_type) for media_type in testimony.media_types]
    elements += [("identifier", permalink), ("identifier", t.accession)]
    elements += [("language", code) for code in t.languages]
    elements.append(("relation", t.collection.title))  # the collection it is part of
    elements += [("coverage", country.label) for country in t.countries]
    if t.year_from is not None:
        elements.append(("coverage", _period(t.year_from, t.year_to)))
    if testimony.rights:
        elements.append(("rights", testimony.rights))
    return elements


def _descriptions(testimony: TestimonyRecord) -> list[str]:
    texts = [testimony.summary] if testimony.summary else []
    if testimony.place:
        texts.append(f"Interview recorded in {testimony.place}.")
    if testimony.collection.notice:  # e.g. a demo collection says it is fictional
        texts.append(testimony.collection.notice)
    return texts


def _period(year_from: int, year_to: int | None) -> str:
    """An ISO 8601 interval of years, or one year."""
    if year_to is None or year_to == year_from:
        return f"{year_from:04d}"
    return f"{year_from:04d}/{year_to:04d}"
