"""Facet counts over the testimonies a search found (and the asker may see):
how many testimonies have each value of each facet (search.facets.FACETS),
most frequent first (or in the order of time), with a flag when the list was
cut."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from search.facets import FACETS
from search.facts_table import TestimonyFacts
from search.filters import SearchFilters

FACET_LIMIT = 12


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class FacetCounts:
    name: str
    values: tuple[FacetValue, ...]
    truncated: bool = False


def count_facets(
    found: Iterable[TestimonyFacts], filters: SearchFilters, limit: int = FACET_LIMIT
) -> tuple[FacetCounts, ...]:
    found = list(found)
    facets = []
    for facet in FACETS:
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for facts in found:
            for value, label in set(facet.values(facts)):
                counts[value] += 1
                labels[value] = label
        selected = {str(value) for value in filters.chosen(facet)}
        ranked = sorted(counts.items(), key=lambda item: (-item[1], labels[item[0]]))
        # The chosen values are always shown, however rare.
        shown = list(ranked[:limit]) + [v for v in ranked[limit:] if v[0] in selected]
        if facet.chronological:
            shown.sort(key=lambda item: int(item[0]))
        values = tuple(FacetValue(v, labels[v], n, v in selected) for v, n in shown)
        facets.append(FacetCounts(facet.name, values, truncated=len(ranked) > len(shown)))
    return tuple(facets)
