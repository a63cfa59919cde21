"""Search filters: which testimonies a search may return, decided on the
facts table. Within one filter any selected value matches; across filters
all must hold. A theme includes its narrower themes.

A country plays three roles, each a filter and a facet of its own: the
places a testimony tells of, where its speakers came from and where they
went (COUNTRY_ROLES, which the facets, the query syntax, the URL, the API
and the CLI iterate)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from archive.vocabularies.themes import narrower_closure
from search.facts_table import FactsTable, TestimonyFacts

SORTS = ("relevance", "recorded", "accession")
MEMO_SIZE = 256  # remembered filter answers per index version


@dataclass(frozen=True)
class CountryRole:
    """One role of a country: facet and URL name, SearchFilters field,
    TestimonyFacts attribute ((code, name) pairs), title and CLI help."""

    name: str
    field: str
    facts: str
    title: str
    help: str


COUNTRY_ROLES = (
    CountryRole(
        "country", "countries", "countries", "Countries (told of)", "a place the testimony tells of"
    ),
    CountryRole("origin", "origins", "origins", "From", "a speaker's country of origin"),
    CountryRole("destination", "destinations", "destinations", "To", "a country a speaker went to"),
)


@dataclass(frozen=True)
class SearchFilters:
    countries: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    decades: tuple[int, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    _theme_closure: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        closure: set[str] = set()
        for theme in self.themes:
            closure |= narrower_closure(theme)
        object.__setattr__(self, "_theme_closure", frozenset(closure))

    @property
    def active(self) -> bool:
        return any(
            (
                *(getattr(self, role.field) for role in COUNTRY_ROLES),
                self.themes,
                self.languages,
                self.speakers,
                self.collections,
                self.decades,
                self.year_from is not None,
                self.year_to is not None,
            )
        )

    def admits(self, facts: TestimonyFacts) -> bool:
        return (
            all(
                _any(getattr(self, role.field), (c for c, _ in getattr(facts, role.facts)))
                for role in COUNTRY_ROLES
            )
            and (not self.themes or any(t in self._theme_closure for t, _ in facts.themes))
            and _any(self.languages, facts.languages)
            and _any(self.speakers, (s for s, _ in facts.speakers))
            and _any(self.collections, (facts.collection[0],))
            and (not self.decades or bool(set(self.decades) & facts.decades()))
            and self._years_overlap(facts)
        )

    def _years_overlap(self, facts: TestimonyFacts) -> bool:
        if self.year_from is None and self.year_to is None:
            return True
        if facts.year_from is None:
            return False
        last = facts.year_to if facts.year_to is not None else facts.year_from
        after_start = self.year_from is None or last >= self.year_from
        before_end = self.year_to is None or facts.year_from <= self.year_to
        return after_start and before_end


def _any(selected: tuple, values) -> bool:
    return not selected or any(value in selected for value in values)


def allowed_accessions(
    table: FactsTable, filters: SearchFilters, *, today: date, staff: bool
) -> frozenset[str]:
    """Accessions the asker may see today that pass the filters (remembered
    for this index version: the same few are asked again and again)."""
    key = ("allowed", filters, today, staff)
    allowed = table.memo.get(key)
    if allowed is None:
        allowed = frozenset(
            accession
            for accession, f in table.by_accession.items()
            if f.visible(today, staff) and filters.admits(f)
        )
        if len(table.memo) >= MEMO_SIZE:
            table.memo.clear()
        table.memo[key] = allowed
    return allowed
