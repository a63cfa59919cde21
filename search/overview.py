"""The archive at a glance, over what the asker may see: counts by country,
theme, decade and the rest, and a timeline of testimonies by country and year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from archive.access import Asker
from search.facet_counts import FacetCounts, count_facets
from search.facts_table import FactsTable, facts_table
from search.filters import SearchFilters
from search.readers import IndexSource


@dataclass(frozen=True)
class TimelineRow:
    country: str
    label: str
    years: dict[int, int]  # year -> testimonies covering it
    decades: dict[int, int]  # first year of a decade -> testimonies covering any of its years


@dataclass(frozen=True)
class Overview:
    total: int
    facets: tuple[FacetCounts, ...]
    timeline: tuple[TimelineRow, ...]
    first_year: int | None
    last_year: int | None


def archive_overview(ix: IndexSource, *, asker: Asker) -> Overview:
    """Computed once per index version and visibility (the home, country,
    theme and decade pages ask for it on every request), then remembered
    beside the facts table it was counted from."""
    with ix.searcher() as searcher:
        table = facts_table(searcher)
    key = ("overview", asker.visibility)
    overview = table.memo.get(key)
    if overview is None:
        overview = table.memo[key] = _overview(table, asker)
    return overview


def _overview(table: FactsTable, asker: Asker) -> Overview:
    visible = [f for f in table.by_accession.values() if f.visible(asker)]
    rows: dict[tuple[str, str], Counter[int]] = {}
    decades: dict[tuple[str, str], Counter[int]] = {}
    for facts in visible:
        if facts.year_from is None:
            continue
        last = facts.year_to if facts.year_to is not None else facts.year_from
        for country in facts.countries:
            rows.setdefault(country, Counter()).update(range(facts.year_from, last + 1))
            decades.setdefault(country, Counter()).update(facts.decades())
    years = [year for counter in rows.values() for year in counter]
    timeline = tuple(
        sorted(
            (
                TimelineRow(code, label, dict(counter), dict(decades[code, label]))
                for (code, label), counter in rows.items()
            ),
            key=lambda row: (-sum(row.years.values()), row.label),
        )
    )
    return Overview(
        len(visible),
        count_facets(visible, SearchFilters(), limit=100),
        timeline,
        min(years, default=None),
        max(years, default=None),
    )
