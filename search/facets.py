"""Facet counts over the testimonies a search found (and the asker may see):
how many testimonies per country (in each of its roles), theme, decade,
language, speaker and collection, most frequent first (decades in the order
of time), with a flag when the list was cut."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archive.vocabularies import language_name
from search.facts_table import TestimonyFacts
from search.filters import COUNTRY_ROLES, SearchFilters

FACET_LIMIT = 12


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    name: str
    values: tuple[FacetValue, ...]
    truncated: bool = False


Extract = Callable[[TestimonyFacts], Iterable[tuple[str, str]]]
EXTRACTORS: dict[str, Extract] = {
    **{role.name: (lambda f, attr=role.facts: getattr(f, attr)) for role in COUNTRY_ROLES},
    "theme": lambda f: f.themes,
    "decade": lambda f: ((str(d), f"{d}s") for d in sorted(f.decades())),
    "language": lambda f: ((code, language_name(code)) for code in f.languages),
    "speaker": lambda f: f.speakers,
    "collection": lambda f: (f.collection,),
}
SELECTED: dict[str, Callable[[SearchFilters], tuple]] = {
    **{role.name: (lambda s, attr=role.field: getattr(s, attr)) for role in COUNTRY_ROLES},
    "theme": lambda s: s.themes,
    "decade": lambda s: tuple(str(d) for d in s.decades),
    "language": lambda s: s.languages,
    "speaker": lambda s: s.speakers,
    "collection": lambda s: s.collections,
}
# Listed in the order of time, not of frequency (the selected ones are always shown).
CHRONOLOGICAL = frozenset({"decade"})


def count_facets(
    found: Iterable[TestimonyFacts], filters: SearchFilters, limit: int = FACET_LIMIT
) -> tuple[Facet, ...]:
    found = list(found)
    facets = []
    for name, extract in EXTRACTORS.items():
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for facts in found:
            for value, label in set(extract(facts)):
                counts[value] += 1
                labels[value] = label
        selected = SELECTED[name](filters)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], labels[item[0]]))
        shown = list(ranked[:limit]) + [v for v in ranked[limit:] if v[0] in selected]
        if name in CHRONOLOGICAL:
            shown.sort(key=lambda item: int(item[0]))
        values = tuple(FacetValue(v, labels[v], n, v in selected) for v, n in shown)
        facets.append(Facet(name, values, truncated=len(ranked) > len(shown)))
    return tuple(facets)
