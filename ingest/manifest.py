"""The collection manifest (docs/manifest.md) as pydantic models.

Each speaker, testimony, programme and talk is validated on its own, so that
one bad entry is reported with its field and dropped while the others go on.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from archive.vocabularies import UnknownTerm, resolve_country, resolve_language, resolve_theme
from ingest.timecodes import MAX_SECONDS, parse_timecode

SLUG = r"^[a-z0-9][a-z0-9\-_.]*$"
# More tapes than this in one testimony is a typo (and past it, SQLite's integers).
MAX_PARTS = 999
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _scalar_text(value: Any) -> str:
    """The text of a single value; ValueError for a list or mapping, whose text could be
    enormous (YAML aliases nest a few lines into a billion strings)."""
    if isinstance(value, list | dict | tuple | set):
        kind = "a mapping" if isinstance(value, dict) else "a list"
        raise ValueError(f"expected a single value, found {kind}")
    return str(value)


def _vocabulary(resolve):
    def check(value: Any) -> str:
        text = _scalar_text(value)
        try:
            return resolve(text)
        except UnknownTerm as error:
            raise ValueError(str(error)) from None

    return check


def _as_list(value: Any) -> Any:
    """A single value where a list is expected is taken as a list of one; YAML's
    numbers (an unquoted year keyword such as 1947) are taken as the text written."""
    if isinstance(value, str):
        # CSV cells and hand-written YAML alike: "IQ; YE" is a list of two.
        return [item.strip() for item in value.split(";") if item.strip()]
    items = [value] if isinstance(value, int | float) else value
    if isinstance(items, list):
        return [
            str(i) if isinstance(i, int | float) and not isinstance(i, bool) else i for i in items
        ]
    return items


def _partial_date(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date) else _scalar_text(value).strip()
    match = PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date ({error})") from None
    return text


def _year_range(value: Any) -> tuple[int, int]:
    text = _scalar_text(value).strip()
    match = re.match(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$", text)
    if not match:
        raise ValueError(f"{text!r} is not a year or range; expected e.g. 1948 or 1948-1951")
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    if end < start:
        raise ValueError(f"{text!r}: the range ends before it starts")
    return start, end


def _one_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise ValueError("has a line break; expected one line of text")
    return text


def _seconds(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # YAML reads unquoted 00:01:30 as 90; .inf, .nan and 10**400 are no times at all.
        if not 0 <= value < MAX_SECONDS:
            written = repr(value) if len(repr(value)) <= 20 else repr(value)[:17] + "..."
            raise ValueError(
                f"{written} is not a time in a recording; expected seconds "
                f"from 0 to {MAX_SECONDS:,} or hh:mm:ss"
            )
        return float(value)
    return parse_timecode(_scalar_text(value))


Country = Annotated[str, BeforeValidator(_vocabulary(resolve_country))]
Language = Annotated[str, BeforeValidator(_vocabulary(resolve_language))]
ThemeId = Annotated[str, BeforeValidator(_vocabulary(resolve_theme))]
Slug = Annotated[str, Field(pattern=SLUG, max_length=100)]
# A speaker of this collection (`id`), or of another one (`collection/id`).
SpeakerReference = Annotated[
    str, Field(pattern=r"^(?:[a-z0-9][a-z0-9\-_.]*/)?[a-z0-9][a-z0-9\-_.]*$", max_length=201)
]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
YearRange = Annotated[tuple[int, int], BeforeValidator(_year_range)]
Seconds = Annotated[float, BeforeValidator(_seconds), Field(ge=0)]
Year = Annotated[int, Field(ge=1800, le=2100)]
Text = Annotated[str, Field(min_length=1)]
# Shown on one line of a speaker card: no line breaks, and short.
OneLine = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_one_line)]


def text_list(item_type=str):
    return Annotated[list[item_type], BeforeValidator(_as_list)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class CollectionEntry(Strict):
    id: Slug
    title: Text
    description: str | None = None
    publisher: str | None = None
    rights: str | None = None
    fictional: bool = False
    notice: str | None = None


class SpeakerEntry(Strict):
    id: Slug
    name: Text
    name_variants: text_list() = []
    birth_year: Year | None = None
    birthplace: str | None = None
    origin_countries: text_list(Country) = []
    departure_year: Year | None = None
    departure_route: str | None = None
    destinations: text_list(Country) = []
    languages: text_list(Language) = []
    biography: str | None = None
    speaks_on: text_list(ThemeId) = []
    formats: text_list(Literal["in_person", "virtual"]) = []
    available: bool = False
    pitch: OneLine | None = None
    # An image file in the collection (jpg, png, webp), checked like audio paths.
    portrait: str | None = None


class ChapterEntry(Strict):
    start: Seconds
    part: int = Field(default=1, ge=1, le=MAX_PARTS)
    title: Text
    synopsis: str | None = None
    keywords: text_list() = []
    gps: str | None = None


class TestimonyEntry(Strict):
    accession: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-_./]*$", max_length=100)]
    title: Text
    speakers: text_list(SpeakerReference) = Field(min_length=1)
    interviewers: text_list() = []
    recorded: PartialDate | None = None
    place: str | None = None
    languages: text_list(Language) = []
    summary: str | None = None
    countries: text_list(Country) = []
    years: YearRange | None = None
    themes: text_list(ThemeId) = []
    access: Literal["public", "restricted", "embargoed"] = "public"
    embargo_until: date | None = None
    rights: str | None = None
    transcript: text_list() = []
    # A translation per language, each parallel to `transcript` (same parts, timecodes).
    translations: dict[Language, text_list()] = {}
    audio: text_list() = []
    chapters: list[ChapterEntry] = []

    @model_validator(mode="after")
    def embargo_needs_date(self) -> TestimonyEntry:
        if self.access == "embargoed" and self.embargo_until is None:
            raise ValueError(
                "access is 'embargoed' but embargo_until is missing; "
                "expected the date (YYYY-MM-DD) the embargo lifts"
            )
        if self.access != "embargoed" and self.embargo_until is not None:
            raise ValueError(
                f"embargo_until is set but access is {self.access!r}; expected access: embargoed"
            )
        return self


class ProgrammeEntry(Strict):
    id: Slug
    title: Text
    kind: Literal["campus_season", "commemoration", "virtual_series", "other"]
    description: str | None = None
    starts: date | None = None
    ends: date | None = None


class TalkEntry(Strict):
    id: Slug
    programme: Slug
    title: Text
    speakers: text_list(SpeakerReference) = Field(min_length=1)
    date: date
    venue: str | None = None
    institution: str | None = None
    city: str | None = None
    format: Literal["in_person", "virtual"] = "in_person"
    audience: str | None = None
    status: Literal["planned", "confirmed", "delivered", "cancelled"] = "planned"
    testimonies: text_list() = []

    @field_validator("date", mode="before")
    @classmethod
    def full_date(cls, value: Any) -> Any:
        if isinstance(value, int):
            raise ValueError(f"{value} is a year; expected a full date YYYY-MM-DD")
        return value


def describe_validation_error(error: ValidationError) -> list[tuple[tuple, str, str]]:
    """(location as pydantic gives it, field path, message) triples a person can act on."""
    out = []
    for detail in error.errors():
        path = ".".join(str(p) for p in detail["loc"])
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown key (see docs/manifest.md for the keys a manifest may have)"
        elif detail["type"] == "missing":
            message = "required but missing"
        out.append((tuple(detail["loc"]), path, message))
    return out
