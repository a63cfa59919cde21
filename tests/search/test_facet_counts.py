"""Facet counts from each testimony's remembered facet values equal a count
made afresh from the facts, value by value (labels, order, ties, cuts)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from search.facet_counts import FacetCounts, FacetValue, count_facets
from search.facets import FACETS
from search.facts_table import TestimonyFacts
from search.filters import SearchFilters

COUNTRIES = [("IQ", "Iraq"), ("YE", "Yemen"), ("MA", "Morocco"), ("EG", "Egypt"), ("XX", "Iraq")]
THEMES = [("farhud", "Farhud"), ("airlift", "Airlift"), ("memory", "Memory")]
# The same interviewer written two ways: one facet value, labelled as its
# last testimony writes it.
INTERVIEWERS = ["Hila Marom", "HILA  MAROM", "Ruth Levy", "Amir Cohen"]


def generated_facts(count: int) -> list[TestimonyFacts]:
    rng = random.Random(20261206)
    facts = []
    for n in range(count):
        start = rng.randrange(1930, 1990)
        facts.append(
            TestimonyFacts(
                f"T-{n}",
                f"Testimony {n}",
                rng.choice([("north", "North"), ("south", "South")]),
                tuple(rng.sample(COUNTRIES, rng.randrange(0, 3))),
                tuple(rng.sample(THEMES, rng.randrange(0, 3))),
                tuple(rng.sample(["en", "fr", "he", "ar"], rng.randrange(1, 3))),
                tuple((f"sp-{k}", f"Speaker {k}") for k in rng.sample(range(8), 2)),
                start if rng.random() < 0.9 else None,
                start + rng.randrange(0, 30) if rng.random() < 0.5 else None,
                None,
                "public",
                None,
                origins=tuple(rng.sample(COUNTRIES[:3], rng.randrange(0, 2))),
                destinations=(("IL", "Israel"),) if rng.random() < 0.5 else (),
                interviewers=(rng.choice(INTERVIEWERS),) if rng.random() < 0.8 else (),
            )
        )
    return facts


def counted_afresh(
    found: list[TestimonyFacts], filters: SearchFilters, limit: int
) -> tuple[FacetCounts, ...]:
    """Each facet counted value by value from the facts, nothing remembered."""
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
        shown = list(ranked[:limit]) + [v for v in ranked[limit:] if v[0] in selected]
        if facet.chronological:
            shown.sort(key=lambda item: int(item[0]))
        values = tuple(FacetValue(v, labels[v], n, v in selected) for v, n in shown)
        facets.append(FacetCounts(facet.name, values, truncated=len(ranked) > len(shown)))
    return tuple(facets)


@pytest.mark.parametrize("limit", [2, 12])
@pytest.mark.parametrize(
    "filters",
    [SearchFilters(), SearchFilters(countries=("EG",), decades=(1930,), interviewers=("x",))],
)
def test_remembered_counts_equal_counts_made_afresh(limit, filters):
    facts = generated_facts(80)
    rng = random.Random(limit)
    for size in (0, 1, 7, 40, 80, 80):
        found = rng.sample(facts, size)
        expected = counted_afresh(found, filters, limit)
        assert count_facets(found, filters, limit) == expected
        assert count_facets(iter(found), filters, limit) == expected  # remembered now


def test_an_interviewer_written_two_ways_is_one_value_labelled_as_last_found():
    facts = generated_facts(80)
    marom = [f for f in facts if f.interviewers and "MAROM" in f.interviewers[0].upper()]
    assert {f.interviewers for f in marom} == {("Hila Marom",), ("HILA  MAROM",)}
    for found in (marom, marom[::-1]):
        interviewer = {f.name: f for f in count_facets(found, SearchFilters())}["interviewer"]
        assert [(v.value, v.count) for v in interviewer.values] == [("hila marom", len(marom))]
        assert interviewer.values[0].label == found[-1].interviewers[0]
