"""Reading search parameters from a request's query string, and writing them
back into links: one place that knows the URL names of every filter."""

from __future__ import annotations

from dataclasses import replace

from werkzeug.datastructures import MultiDict

from search.filters import COUNTRY_ROLES, SORTS, SearchFilters

# URL parameter -> SearchFilters field; each may repeat (?country=IQ&country=YE).
# The year span is ?from=&to=, so a speaker's countries are ?origin= and ?destination=.
COUNTRY_PARAMS = {role.name: role.field for role in COUNTRY_ROLES}
LIST_PARAMS = {
    **COUNTRY_PARAMS,
    "theme": "themes",
    "language": "languages",
    "speaker": "speakers",
    "collection": "collections",
    "decade": "decades",
}
MAX_VALUES = 20


def filters_from(args: MultiDict) -> SearchFilters:
    values: dict[str, object] = {}
    for param, field in LIST_PARAMS.items():
        raw = [v.strip() for v in args.getlist(param) if v.strip()][:MAX_VALUES]
        if param == "decade":
            values[field] = tuple(int(v) for v in raw if v.isdigit() and len(v) == 4)
        elif param in COUNTRY_PARAMS:
            values[field] = tuple(v.upper()[:8] for v in raw)
        else:
            values[field] = tuple(v[:100] for v in raw)
    values["year_from"] = _year(args.get("from"))
    values["year_to"] = _year(args.get("to"))
    return SearchFilters(**values)


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


def sort_from(args: MultiDict) -> str:
    sort = args.get("sort", "relevance")
    return sort if sort in SORTS else "relevance"


def params_for(
    query: str,
    filters: SearchFilters,
    *,
    sort: str = "relevance",
    advanced: bool = False,
    page: int = 1,
) -> dict[str, object]:
    """Query-string values for url_for: the search as it stands."""
    params: dict[str, object] = {"q": query} if query else {}
    for param, field in LIST_PARAMS.items():
        if getattr(filters, field):
            params[param] = list(getattr(filters, field))
    if filters.year_from is not None:
        params["from"] = filters.year_from
    if filters.year_to is not None:
        params["to"] = filters.year_to
    if sort != "relevance":
        params["sort"] = sort
    if advanced:
        params["advanced"] = 1
    if page > 1:
        params["page"] = page
    return params


def toggled(filters: SearchFilters, facet: str, value: str) -> SearchFilters:
    """The filters with a facet value added, or removed if it was selected."""
    field = LIST_PARAMS[facet]
    current = tuple(str(v) for v in getattr(filters, field))
    chosen = tuple(v for v in current if v != value) if value in current else (*current, value)
    if facet == "decade":
        return replace(filters, decades=tuple(int(v) for v in chosen))
    return replace(filters, **{field: chosen})
