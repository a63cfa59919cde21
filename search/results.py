"""What a search returns: testimonies in order, each with its best moments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from archive.testimonies.records import NamedTerm
from search.facet_counts import FacetCounts
from search.filters import SearchFilters


@dataclass(frozen=True)
class Moment:
    """A place in a recording where the query matched.

    snippet is HTML: the text is escaped and the matched words are wrapped in
    <mark>; nothing else in it is markup.
    """

    part: int
    start: float
    snippet: str
    speaker_label: str | None
    kind: str
    # The segment's position within its part: the page's anchor #seg-PART-POSITION.
    position: int | None = None


@dataclass(frozen=True)
class TestimonyHit:
    accession: str
    title: str
    score: float
    moments: tuple[Moment, ...]
    # HTML snippet when the title, summary or speaker names matched.
    about_snippet: str | None = None
    # For staff: why the public cannot see this testimony ("Restricted: staff only").
    access_note: str | None = None
    # The query was this testimony's accession number: it is listed first.
    exact_match: bool = False
    # Who, where and when, from the facts table (no catalogue query per result):
    # speakers (id, name), their countries of origin (code, name), the years the
    # testimony covers, seconds of audio over all parts (None: unknown), the
    # number of recording parts, and its languages (code, name).
    speakers: tuple[NamedTerm, ...] = ()
    origin_countries: tuple[NamedTerm, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    years: str = ""
    duration: float | None = None
    parts: int = 0
    languages: tuple[NamedTerm, ...] = ()


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    page: int
    per_page: int
    results: tuple[TestimonyHit, ...] = field(default_factory=tuple)
    message: str | None = None
    facets: tuple[FacetCounts, ...] = ()
    suggestion: str | None = None
    sort: str = "relevance"
    filters: SearchFilters = field(default_factory=SearchFilters)
    # What the search bounds changed (search.bounds): wildcards left out or
    # capped, a search stopped by its time budget or turned away when busy.
    notices: tuple[str, ...] = ()
    # True when the search stopped before it was complete (time budget, busy).
    cut_short: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def results_json(
    results: SearchResults, testimony_url: Callable[[str], str] | None = None
) -> dict[str, object]:
    """The results as JSON values, one shape for the API and `testimony search
    --json`: every field of the results and of each hit, and each hit's page
    (testimony_url(accession); None where there is no site to link to)."""
    return {
        "query": results.query,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.pages,
        "sort": results.sort,
        "message": results.message,
        "suggestion": results.suggestion,
        "notices": list(results.notices),
        "cut_short": results.cut_short,
        "results": [
            {
                **asdict(hit),
                "score": round(hit.score, 4),
                "url": testimony_url(hit.accession) if testimony_url else None,
            }
            for hit in results.results
        ],
        "facets": {
            facet.name: {"truncated": facet.truncated, "values": [asdict(v) for v in facet.values]}
            for facet in results.facets
        },
    }
