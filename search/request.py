"""A search as asked: the query, the chosen facet values, the year span, sort,
page and mode, read once and the same way from a URL's or the API's query
string and from `testimony search`'s options (search_request), and written
back as query-string arguments for links (request_arguments).

Every value is read by its facet's parse (search.facets): country codes in
capitals, language codes in small letters, decades as four digits, wherever
they were typed."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from search.facets import FACETS
from search.filters import SORTS, SearchFilters

MAX_VALUES = 20  # values of one facet in one request
MAX_PAGE = 1000
MAX_PER_PAGE = 100
PER_PAGE = 20
_WHOLE = re.compile(r"-?[0-9]{1,20}")

# The request's arguments beside the facets' names (?country=IQ&...):
# q, from, to (the year span), sort, advanced=1, page, per_page.
Arguments = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "relevance"
    advanced: bool = False
    page: int = 1
    per_page: int = PER_PAGE


def search_request(arguments: Arguments) -> SearchRequest:
    """The search asked for by these arguments (each name with its values,
    as a query string gives them); what cannot be read is left out."""
    chosen = {
        facet.field: tuple(
            value
            for value in map(facet.parse, _values(arguments, facet.name)[:MAX_VALUES])
            if value is not None
        )
        for facet in FACETS
    }
    filters = SearchFilters(
        **chosen, year_from=_year(arguments, "from"), year_to=_year(arguments, "to")
    )
    sort = _first(arguments, "sort") or "relevance"
    return SearchRequest(
        query=_first(arguments, "q") or "",
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        advanced=_first(arguments, "advanced") == "1",
        page=_whole(arguments, "page", 1, MAX_PAGE),
        per_page=_whole(arguments, "per_page", PER_PAGE, MAX_PER_PAGE),
    )


def request_arguments(request: SearchRequest) -> dict[str, object]:
    """Query-string arguments that ask for this search again (defaults left out)."""
    filters = request.filters
    arguments: dict[str, object] = {"q": request.query} if request.query else {}
    for facet in FACETS:
        if filters.chosen(facet):
            arguments[facet.name] = list(filters.chosen(facet))
    if filters.year_from is not None:
        arguments["from"] = filters.year_from
    if filters.year_to is not None:
        arguments["to"] = filters.year_to
    if request.sort != "relevance":
        arguments["sort"] = request.sort
    if request.advanced:
        arguments["advanced"] = 1
    if request.page > 1:
        arguments["page"] = request.page
    if request.per_page != PER_PAGE:
        arguments["per_page"] = request.per_page
    return arguments


def _values(arguments: Arguments, name: str) -> list[str]:
    return [value for value in arguments.get(name, ()) if value.strip()]


def _first(arguments: Arguments, name: str) -> str | None:
    values = arguments.get(name, ())
    return values[0] if values else None


def _year(arguments: Arguments, name: str) -> int | None:
    value = _first(arguments, name)
    return int(value) if value and value.isdigit() and len(value) == 4 else None


def _whole(arguments: Arguments, name: str, default: int, largest: int) -> int:
    value = (_first(arguments, name) or "").strip()
    number = int(value) if _WHOLE.fullmatch(value) else 0
    return max(1, min(number or default, largest))
