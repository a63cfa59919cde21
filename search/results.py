"""What a search returns: testimonies in order, each with its best moments."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.facets import Facet
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


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    page: int
    per_page: int
    results: tuple[TestimonyHit, ...] = field(default_factory=tuple)
    message: str | None = None
    facets: tuple[Facet, ...] = ()
    suggestion: str | None = None
    sort: str = "relevance"
    filters: SearchFilters = field(default_factory=SearchFilters)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))
