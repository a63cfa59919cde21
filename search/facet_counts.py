"""Facet counts over the testimonies a search found (and the asker may see):
how many testimonies have each value of each facet (search.facets.FACETS),
most frequent first (or in the order of time), with a flag when the list was
cut."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from search.facets import FACETS
from search.facts_table import TestimonyFacts
from search.filters import SearchFilters

FACET_LIMIT = 12


class _Values:
    """Every (facet number, value) ever read, numbered, with the labels seen
    for it; and each facts object's value numbers and labels, worked out once:
    a search counts hundreds of testimonies, and the facts table keeps the
    same objects for as long as their index segment lives (kept by id() with
    the object held, so an id is never reused while its entry is kept)."""

    KEPT = 50_000

    def __init__(self) -> None:
        self.numbers: dict[tuple[int, str], int] = {}
        self.values: list[tuple[int, str]] = []
        # tuples, replaced whole: a search reads them while another thread adds
        self.labels: list[tuple[str, ...]] = []
        self.of_facts: dict[int, tuple[TestimonyFacts, tuple[int, ...], tuple[str, ...]]] = {}
        self.lock = threading.Lock()

    def of(self, facts: TestimonyFacts) -> tuple[TestimonyFacts, tuple[int, ...], tuple[str, ...]]:
        kept = self.of_facts.get(id(facts))
        if kept is not None:
            return kept
        pairs = [
            ((number, value), label)
            for number, facet in enumerate(FACETS)
            for value, label in set(facet.values(facts))
        ]
        with self.lock:
            numbers = tuple(self._number(value, label) for value, label in pairs)
            kept = (facts, numbers, tuple(label for _value, label in pairs))
            if len(self.of_facts) >= self.KEPT:
                self.of_facts.clear()
            self.of_facts[id(facts)] = kept
        return kept

    def _number(self, value: tuple[int, str], label: str) -> int:
        number = self.numbers.get(value)
        if number is None:
            number = self.numbers[value] = len(self.values)
            self.values.append(value)
            self.labels.append(())
        if label not in self.labels[number]:
            self.labels[number] = (*self.labels[number], label)
        return number


_values = _Values()


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
    known = list(map(_values.of, found))
    counts = Counter(chain.from_iterable(map(itemgetter(1), known)))
    labels = _labels(known, counts)
    by_facet: list[dict[str, int]] = [{} for _facet in FACETS]
    for number, count in counts.items():  # in the order first found, as ties stay
        facet_number, value = _values.values[number]
        by_facet[facet_number][value] = labels[number], count
    facets = []
    for number, facet in enumerate(FACETS):
        counted = by_facet[number]
        label = {value: label for value, (label, _count) in counted.items()}
        selected = {str(value) for value in filters.chosen(facet)}
        ranked = sorted(
            ((value, count) for value, (_label, count) in counted.items()),
            key=lambda item: (-item[1], label[item[0]]),
        )
        # The chosen values are always shown, however rare.
        shown = list(ranked[:limit]) + [v for v in ranked[limit:] if v[0] in selected]
        if facet.chronological:
            shown.sort(key=lambda item: int(item[0]))
        values = tuple(FacetValue(v, label[v], n, v in selected) for v, n in shown)
        facets.append(FacetCounts(facet.name, values, truncated=len(ranked) > len(shown)))
    return tuple(facets)


def _labels(known: list, counts: Counter[int]) -> dict[int, str]:
    """Each counted value's label: the one its last testimony gives, looked
    for only where a value has been seen with more than one."""
    labels, varied = {}, set()
    for number in counts:
        seen = _values.labels[number]
        if len(seen) == 1:
            labels[number] = seen[0]
        else:
            varied.add(number)
    for _facts, numbers, names in reversed(known):
        if not varied:
            break
        for number, label in zip(reversed(numbers), reversed(names), strict=True):
            if number in varied:
                labels[number] = label
                varied.discard(number)
    return labels
