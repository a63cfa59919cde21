"""The timeline chart as server-rendered SVG geometry: one row per country,
a bar per year whose opacity grows with the number of testimonies."""

from __future__ import annotations

from dataclasses import dataclass

from search.overview import Overview

LABEL_WIDTH, YEAR_WIDTH, ROW_HEIGHT, TOP = 150, 9, 22, 24


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    opacity: float
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    rows: tuple[tuple[int, str, str], ...]  # y, country code, label
    ticks: tuple[tuple[int, int], ...]  # x, year


def timeline_chart(overview: Overview, max_rows: int = 16) -> Chart | None:
    if overview.first_year is None or overview.last_year is None:
        return None
    first = overview.first_year // 10 * 10
    last = overview.last_year
    rows = overview.timeline[:max_rows]
    peak = max((n for row in rows for n in row.years.values()), default=1)
    bars, labels = [], []
    for number, row in enumerate(rows):
        y = TOP + number * ROW_HEIGHT
        labels.append((y, row.country, row.label))
        for year, count in sorted(row.years.items()):
            bars.append(
                Bar(
                    LABEL_WIDTH + (year - first) * YEAR_WIDTH,
                    y,
                    round(0.25 + 0.75 * count / peak, 2),
                    f"{row.label}, {year}: {count} testimon{'y' if count == 1 else 'ies'}",
                )
            )
    ticks = tuple(
        (LABEL_WIDTH + (year - first) * YEAR_WIDTH, year) for year in range(first, last + 1, 10)
    )
    width = LABEL_WIDTH + (last - first + 1) * YEAR_WIDTH + 10
    return Chart(width, TOP + len(rows) * ROW_HEIGHT + 4, tuple(bars), tuple(labels), ticks)
