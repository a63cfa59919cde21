"""The search results page: results grouped by testimony, facets, active
filters, sort, pagination and 'did you mean'."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, render_template, url_for

from search.facets import FACETS, FACETS_BY_NAME
from search.request import request_arguments
from search.results import SearchResults
from web.search_params import run_search, search_request_from_query_string

blueprint = Blueprint("search", __name__)

FACET_TITLES = {facet.name: facet.title for facet in FACETS}


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
    asked = search_request_from_query_string()
    found = run_search(asked)
    # Links keep the search as run (advanced syntax's filters included), from page 1.
    as_run = replace(asked, filters=found.filters, page=1)

    def link(**changes) -> str:
        return url_for("search.results", **request_arguments(replace(as_run, **changes)))

    def facet_url(facet: str, value: str) -> str:
        return link(filters=found.filters.toggled(FACETS_BY_NAME[facet], value))

    page_view = SearchPage(found, asked.advanced, _active(found, link))
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
    for facet in FACETS:
        for value in found.filters.chosen(facet):
            label = labels.get((facet.name, str(value)), str(value))
            active.append(
                ActiveFilter(
                    f"{facet.title}: {label}",
                    link(filters=found.filters.toggled(facet, str(value))),
                )
            )
    if found.filters.year_from is not None or found.filters.year_to is not None:
        span = f"{found.filters.year_from or '…'}–{found.filters.year_to or '…'}"
        active.append(ActiveFilter(f"Years: {span}", link(filters=found.filters.without_years())))
    return tuple(active)
