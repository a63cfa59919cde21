"""Every facet of the search, declared once (FACETS): its name, title, how a
testimony's values are read from its facts, how a value is read from what a
person typed, and how the chosen values match.

Filters (search.filters), facet counts (search.facet_counts), the advanced
syntax (search.query), the search request (search.request), the results
page, the API and its OpenAPI document, and `testimony search` iterate FACETS:
a new facet is one more entry here (and, if its values are not among the
facts yet, a field of search.facts_table.TestimonyFacts).

A country plays three roles, each a facet of its own: the places a testimony
tells of (country), where its speakers came from (origin, "From") and where
they went (destination, "To")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archive.vocabularies import language_name
from archive.vocabularies.themes import narrower_closure
from search.facts_table import TestimonyFacts
from search.speaker_roles import label_key

MAX_VALUE_CHARS = 100


def _text(typed: str) -> str | None:
    return typed.strip()[:MAX_VALUE_CHARS] or None


def _country_code(typed: str) -> str | None:
    return typed.strip().upper()[:8] or None


def _language_code(typed: str) -> str | None:
    return typed.strip().lower()[:MAX_VALUE_CHARS] or None


def _decade(typed: str) -> int | None:
    typed = typed.strip()
    return int(typed) if typed.isdigit() and len(typed) == 4 else None


def _name(typed: str) -> str | None:
    """A name as compared: 'Hila  MAROM' is 'hila marom' (search.speaker_roles)."""
    return label_key(typed[:MAX_VALUE_CHARS]) or None


def _exactly(chosen: tuple) -> frozenset[str]:
    return frozenset(str(value) for value in chosen)


def _with_narrower_themes(chosen: tuple) -> frozenset[str]:
    return frozenset(theme for chosen_theme in chosen for theme in narrower_closure(chosen_theme))


@dataclass(frozen=True)
class Facet:
    """One facet, which is also a filter.

    name: the URL's and the API's ?name=, the CLI's --name, the advanced
    syntax's name:value, and the facet's key in the results.
    field: the SearchFilters attribute holding the chosen values.
    title: the heading of its values on the results page and of an active filter.
    help: what a value is (the API's parameter and the CLI's option).
    values: a testimony's (value, label) pairs, read from its facts.
    parse: one value as typed (URL, API, CLI, advanced syntax) -> as chosen;
    None drops it.
    matching: the chosen values -> every value that matches them.
    chronological: its values are listed in the order of time, not of frequency.
    integer: its values are whole numbers (the API's and the CLI's type).
    """

    name: str
    field: str
    title: str
    help: str
    values: Callable[[TestimonyFacts], Iterable[tuple[str, str]]]
    parse: Callable[[str], str | int | None] = _text
    matching: Callable[[tuple], frozenset[str]] = _exactly
    chronological: bool = False
    integer: bool = False


FACETS = (
    Facet(
        "country",
        "countries",
        "Countries (told of)",
        "ISO 3166 alpha-2 code of a place the testimony tells of, e.g. IQ",
        lambda facts: facts.countries,
        parse=_country_code,
    ),
    Facet(
        "origin",
        "origins",
        "From",
        "ISO 3166 alpha-2 code of a speaker's country of origin, e.g. IQ",
        lambda facts: facts.origins,
        parse=_country_code,
    ),
    Facet(
        "destination",
        "destinations",
        "To",
        "ISO 3166 alpha-2 code of a country a speaker went to, e.g. IL",
        lambda facts: facts.destinations,
        parse=_country_code,
    ),
    Facet(
        "theme",
        "themes",
        "Theme",
        "Theme id; includes narrower themes",
        lambda facts: facts.themes,
        matching=_with_narrower_themes,
    ),
    Facet(
        "decade",
        "decades",
        "Decade",
        "First year of a decade, e.g. 1940 for the 1940s",
        lambda facts: ((str(decade), f"{decade}s") for decade in sorted(facts.decades())),
        parse=_decade,
        chronological=True,
        integer=True,
    ),
    Facet(
        "language",
        "languages",
        "Language",
        "ISO 639 code, e.g. fr",
        lambda facts: ((code, language_name(code)) for code in facts.languages),
        parse=_language_code,
    ),
    Facet("speaker", "speakers", "Speaker", "Speaker id", lambda facts: facts.speakers),
    Facet(
        "collection",
        "collections",
        "Collection",
        "Collection id",
        lambda facts: (facts.collection,),
    ),
    Facet(
        "interviewer",
        "interviewers",
        "Interviewer",
        "An interviewer's name, e.g. Hila Marom (case and accents ignored)",
        lambda facts: ((label_key(name), name) for name in facts.interviewers),
        parse=_name,
    ),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
