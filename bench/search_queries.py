"""The query mix of the search benchmark (bench/search.py): for each kind,
a few queries drawn deterministically from bench/collection.py's vocabulary,
with filter values taken from testimonies that exist in the built index."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path

from archive.access import Asker
from bench.collection import PLACES, common_words, rare_words, transcript_files
from search.filters import SearchFilters

TODAY = date(2026, 11, 21)
QUERIES_PER_KIND = 6
KINDS = (
    "common",
    "rare",
    "two-words",
    "phrase",
    "country",
    "years",
    "all-facets",
    "highlight",
)


@dataclass(frozen=True)
class Case:
    """One query: what a person types and the filters they set. Raw Whoosh
    is given the same words and has no filters."""

    kind: str
    text: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    raw_highlights: bool = False
    today: date = TODAY

    @property
    def label(self) -> str:
        return repr(self.text) + (" + filters" if self.filters.active else "")


def searchable(words: list[str]) -> list[str]:
    """Words both analyzers keep (stop words are dropped by both)."""
    from whoosh.analysis import StandardAnalyzer

    from search.schema import TEXT_ANALYZER

    raw = StandardAnalyzer()
    return [w for w in words if list(TEXT_ANALYZER(w)) and list(raw(w))]


def common_queries() -> list[str]:
    """Spread over the 30 most frequent searchable words, from "they" (about
    two segments in three) to "school"."""
    words = searchable(common_words(80))
    return words[0 : 5 * QUERIES_PER_KIND : 5]


def rare_queries() -> list[str]:
    return [w for w in rare_words(40) if len(w) > 3][:QUERIES_PER_KIND]


def phrase_queries(collection: Path) -> list[str]:
    """The most frequent adjacent pairs of two different words, each among
    the 11th to 40th most frequent searchable words ("people father"), in the
    first transcripts (stop words skipped as both analyzers skip them), quoted."""
    from whoosh.analysis import StandardAnalyzer

    common = set(searchable(common_words(80))[10:40])
    pairs: Counter[tuple[str, str]] = Counter()
    for path in transcript_files(collection)[:20]:
        words = [t.text for t in StandardAnalyzer()(path.read_text(encoding="utf-8"))]
        pairs.update(p for p in pairwise(words) if p[0] != p[1] and set(p) <= common)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return [f'"{a} {b}"' for (a, b), _count in ranked[:QUERIES_PER_KIND]]


def facet_values(ix) -> dict:
    """Country, theme, decade, language and years of the first public
    testimony from Iraq (or from anywhere): filter values that exist."""
    from search.facts_table import facts_table

    with ix.searcher() as searcher:
        table = facts_table(searcher)
    public = [f for a, f in sorted(table.by_accession.items()) if f.visible(Asker.public(TODAY))]
    chosen = next((f for f in public if f.countries[0][0] == "IQ"), public[0])
    decade = min(chosen.decades())
    return {
        "country": chosen.countries[0][0],
        "theme": chosen.themes[0][0],
        "decade": decade,
        "language": chosen.languages[0],
        "years": (decade, decade + 9),
    }


def query_mix(ix, collection: Path) -> dict[str, list[Case]]:
    """kind -> its queries, in the order of KINDS."""
    common = common_queries()
    values = facet_values(ix)
    year_from, year_to = values["years"]
    all_facets = SearchFilters(
        countries=(values["country"],),
        themes=(values["theme"],),
        decades=(values["decade"],),
        languages=(values["language"],),
    )
    texts = {
        "common": [(w, SearchFilters()) for w in common],
        "rare": [(w, SearchFilters()) for w in rare_queries()],
        "two-words": [(f"{w} {p}", SearchFilters()) for w, p in zip(common, PLACES, strict=False)],
        "phrase": [(p, SearchFilters()) for p in phrase_queries(collection)],
        "country": [(w, SearchFilters(countries=(values["country"],))) for w in common],
        "years": [(w, SearchFilters(year_from=year_from, year_to=year_to)) for w in common],
        "all-facets": [(w, all_facets) for w in common],
        "highlight": [(w, SearchFilters()) for w in common],
    }
    return {
        kind: [Case(kind, text, filters, kind == "highlight") for text, filters in texts[kind]]
        for kind in KINDS
    }
