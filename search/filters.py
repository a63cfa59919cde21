"""Search filters: which testimonies a search may return, decided on the
facts table. Within one facet any chosen value matches; across facets and
the year span all must hold. A theme includes its narrower themes.

SearchFilters has one field per facet (search.facets.FACETS, named by
Facet.field: countries, origins, themes, decades ...) and the year span."""

from __future__ import annotations

from dataclasses import field, make_dataclass, replace

from archive.access import Asker
from search.facets import FACETS, FACETS_BY_NAME, Facet
from search.facts_table import FactsTable, TestimonyFacts

SORTS = ("relevance", "recorded", "accession")
MEMO_SIZE = 256  # remembered filter answers per index version


class _Filtering:
    """What SearchFilters does; its fields are made from FACETS below."""

    def __post_init__(self) -> None:
        # The values each chosen facet matches (a theme's narrower ones
        # included), worked out once: admits() runs for every testimony.
        matching = {
            facet.name: facet.matching(self.chosen(facet)) for facet in FACETS if self.chosen(facet)
        }
        object.__setattr__(self, "_matching", matching)

    def chosen(self, facet: Facet) -> tuple:
        return getattr(self, facet.field)

    @property
    def active(self) -> bool:
        return bool(self._matching) or self.year_from is not None or self.year_to is not None

    def admits(self, facts: TestimonyFacts) -> bool:
        return all(
            any(value in matching for value, _label in FACETS_BY_NAME[name].values(facts))
            for name, matching in self._matching.items()
        ) and self._years_overlap(facts)

    def _years_overlap(self, facts: TestimonyFacts) -> bool:
        if self.year_from is None and self.year_to is None:
            return True
        if facts.year_from is None:
            return False
        last = facts.year_to if facts.year_to is not None else facts.year_from
        after_start = self.year_from is None or last >= self.year_from
        before_end = self.year_to is None or facts.year_from <= self.year_to
        return after_start and before_end

    def toggled(self, facet: Facet, value: str):
        """These filters with a facet value added, or removed if it was chosen."""
        current = self.chosen(facet)
        kept = tuple(v for v in current if str(v) != value)
        if len(kept) == len(current):
            added = facet.parse(value)
            kept = (*current, added) if added is not None else current
        return replace(self, **{facet.field: kept})

    def without_years(self):
        return replace(self, year_from=None, year_to=None)


SearchFilters = make_dataclass(
    "SearchFilters",
    [
        *((facet.field, tuple, field(default=())) for facet in FACETS),
        ("year_from", int | None, field(default=None)),
        ("year_to", int | None, field(default=None)),
        ("_matching", dict, field(default_factory=dict, init=False, compare=False, repr=False)),
    ],
    bases=(_Filtering,),
    frozen=True,
)
SearchFilters.__module__ = __name__
SearchFilters.__doc__ = (
    "The facet values chosen (one tuple per facet, named by Facet.field) and the year span."
)


def allowed_accessions(
    table: FactsTable, filters: SearchFilters, *, asker: Asker
) -> frozenset[str]:
    """Accessions the asker may see today that pass the filters (remembered
    for this index version: the same few are asked again and again)."""
    key = ("allowed", filters, asker.visibility)
    allowed = table.memo.get(key)
    if allowed is None:
        allowed = frozenset(
            accession
            for accession, f in table.by_accession.items()
            if f.visible(asker) and filters.admits(f)
        )
        if len(table.memo) >= MEMO_SIZE:
            table.memo.clear()
        table.memo[key] = allowed
    return allowed
