"""The search results page: results grouped by testimony, facets, active
filters, sort, pagination and 'did you mean'."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, current_app, render_template, request, url_for

from search.filters import COUNTRY_ROLES
from search.results import SearchResults
from search.searcher import search_testimonies
from web import resources
from web.search_params import LIST_PARAMS, filters_from, params_for, sort_from, toggled
from web.url_numbers import whole_number

blueprint = Blueprint("search", __name__)

FACET_TITLES = {
    **{role.name: role.title for role in COUNTRY_ROLES},
    "theme": "Theme",
    "decade": "Decade",
    "language": "Language",
    "speaker": "Speaker",
    "collection": "Collection",
}


@dataclass(frozen=True)
class ActiveFilter:
    """A filter shown above the results, with the link that removes it."""

    label: str
    remove_url: str


@dataclass(frozen=True)
class SearchPage:
    """Everything results.html shows.

    results: the search as run; advanced: whether syntax was accepted;
    active: the filters in force, each with its removal link. The template
    also gets facet_url(facet, value), page_url(n), sort_url(s) and
    suggestion_url(text), which keep everything else as it is.
    """

    results: SearchResults
    advanced: bool
    active: tuple[ActiveFilter, ...]


@blueprint.get("/search")
def results():
    query = request.args.get("q", "")
    advanced = request.args.get("advanced") == "1"
    filters, sort = filters_from(request.args), sort_from(request.args)
    page = max(1, min(whole_number("page", 1) or 1, 1000))
    found = search_testimonies(
        resources.search_index(),
        query,
        today=resources.today(),
        staff=resources.is_staff(),
        filters=filters,
        sort=sort,
        page=page,
        advanced=advanced,
        time_budget=current_app.config["SEARCH_TIME_BUDGET"],
    )

    def link(**changes) -> str:
        state = {
            "query": query,
            "filters": found.filters,
            "sort": sort,
            "advanced": advanced,
            "page": 1,
            **changes,
        }
        return url_for("search.results", **params_for(state.pop("query"), **state))

    def facet_url(facet: str, value: str) -> str:
        return link(filters=toggled(found.filters, facet, value))

    page_view = SearchPage(found, advanced, _active(found, link))
    return render_template(
        "search/results.html",
        page=page_view,
        results=found,
        facet_titles=FACET_TITLES,
        facet_url=facet_url,
        page_url=lambda n: link(page=n),
        sort_url=lambda s: link(sort=s),
        suggestion_url=lambda text: link(query=text),
    )


def _active(found: SearchResults, link) -> tuple[ActiveFilter, ...]:
    labels = {(f.name, v.value): v.label for f in found.facets for v in f.values}
    active = []
    for facet in FACET_TITLES:
        for value in getattr(found.filters, LIST_PARAMS[facet]):
            label = labels.get((facet, str(value)), str(value))
            active.append(
                ActiveFilter(
                    f"{FACET_TITLES[facet]}: {label}",
                    link(filters=toggled(found.filters, facet, str(value))),
                )
            )
    if found.filters.year_from is not None or found.filters.year_to is not None:
        span = f"{found.filters.year_from or '…'}–{found.filters.year_to or '…'}"
        active.append(
            ActiveFilter(
                f"Years: {span}", link(filters=replace(found.filters, year_from=None, year_to=None))
            )
        )
    return tuple(active)
