"""The timeline chart as plain HTML geometry: one row per country, a cell per
decade linking to that country and decade, and in each cell a bar per year
whose shade grows with the number of testimonies covering it."""

from __future__ import annotations

from dataclasses import dataclass

from search.overview import Overview, TimelineRow

LEVELS = 4  # shades of a year bar; 0 is no testimony


@dataclass(frozen=True)
class DecadeCell:
    decade: int
    count: int  # testimonies covering any year of the decade
    levels: tuple[int, ...]  # one shade (0..LEVELS) per year of the decade


@dataclass(frozen=True)
class ChartRow:
    country: str
    label: str
    cells: tuple[DecadeCell, ...]


@dataclass(frozen=True)
class Chart:
    decades: tuple[int, ...]
    rows: tuple[ChartRow, ...]


def timeline_chart(
    overview: Overview, max_rows: int = 16, country: str | None = None
) -> Chart | None:
    """The chart of the busiest countries, or of one country's strip."""
    if overview.first_year is None or overview.last_year is None:
        return None
    if country is None:
        rows = overview.timeline[:max_rows]
    else:
        rows = tuple(row for row in overview.timeline if row.country == country)
    if not rows:
        return None
    first, last = overview.first_year // 10 * 10, overview.last_year // 10 * 10
    decades = tuple(range(first, last + 1, 10))
    peak = max((n for row in rows for n in row.years.values()), default=1)
    return Chart(decades, tuple(_row(row, decades, peak) for row in rows))


def _row(row: TimelineRow, decades: tuple[int, ...], peak: int) -> ChartRow:
    def shade(count: int) -> int:
        # Any testimony shows: the faintest shade is 1, the busiest year LEVELS.
        return 0 if count == 0 else max(1, round(LEVELS * count / peak))

    cells = tuple(
        DecadeCell(
            decade,
            row.decades.get(decade, 0),
            tuple(shade(row.years.get(year, 0)) for year in range(decade, decade + 10)),
        )
        for decade in decades
    )
    return ChartRow(row.country, row.label, cells)
