"""Facet counts over the testimonies a search found (and the asker may see):
how many testimonies have each value of each facet (search.facets.FACETS),
most frequent first (or in the order of time), with a flag when the list was
cut."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from search.facets import FACETS
from search.facts_table import TestimonyFacts
from search.filters import SearchFilters

FACET_LIMIT = 12
# Each facts object's ((facet number, value), label) pairs, worked out once:
# a search counts hundreds of testimonies, and the facts table keeps the same
# objects for as long as their index segment lives. Keyed by id() with the
# object held, so an id is never reused while its entry is kept.
_pairs: dict[int, tuple[TestimonyFacts, tuple[tuple[tuple[int, str], str], ...]]] = {}
PAIRS_KEPT = 50_000


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
    pairs = list(chain.from_iterable(map(_facet_pairs, found)))
    # A value's label is the one its last testimony gives (dict keeps the last).
    labels = dict(pairs)
    by_facet: list[dict[str, int]] = [{} for _facet in FACETS]
    for (number, value), count in Counter(map(itemgetter(0), pairs)).items():
        by_facet[number][value] = count  # in the order first found, as ties stay
    facets = []
    for number, facet in enumerate(FACETS):
        counts = by_facet[number]
        label = {value: labels[number, value] for value in counts}
        selected = {str(value) for value in filters.chosen(facet)}
        ranked = sorted(counts.items(), key=lambda item: (-item[1], label[item[0]]))
        # The chosen values are always shown, however rare.
        shown = list(ranked[:limit]) + [v for v in ranked[limit:] if v[0] in selected]
        if facet.chronological:
            shown.sort(key=lambda item: int(item[0]))
        values = tuple(FacetValue(v, label[v], n, v in selected) for v, n in shown)
        facets.append(FacetCounts(facet.name, values, truncated=len(ranked) > len(shown)))
    return tuple(facets)


def _facet_pairs(facts: TestimonyFacts) -> tuple[tuple[tuple[int, str], str], ...]:
    """((facet number, value), label) of each facet's distinct (value, label)."""
    kept = _pairs.get(id(facts))
    if kept is not None:
        return kept[1]
    pairs = tuple(
        ((number, value), label)
        for number, facet in enumerate(FACETS)
        for value, label in set(facet.values(facts))
    )
    if len(_pairs) >= PAIRS_KEPT:
        _pairs.clear()
    _pairs[id(facts)] = (facts, pairs)
    return pairs
