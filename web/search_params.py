"""The search of a page or API call: its request read from the query string
(search.request reads it; here only what is the web's own: a page number
beyond the catalogue's is a 404) and run for whoever is asking."""

from __future__ import annotations

from flask import current_app, request

from search.request import SearchRequest, search_request
from search.results import SearchResults
from search.searcher import search_testimonies
from web import resources
from web.url_numbers import whole_number


def search_request_from_query_string() -> SearchRequest:
    for name in ("page", "per_page"):
        whole_number(name, 1)  # only for its 404 on a number no page can have
    return search_request(request.args.to_dict(flat=False))


def run_search(asked: SearchRequest) -> SearchResults:
    """The search asked for, over what this request's asker may see, within
    the site's time budget."""
    return search_testimonies(
        resources.search_index(),
        asked.query,
        asker=resources.asker(),
        filters=asked.filters,
        sort=asked.sort,
        page=asked.page,
        per_page=asked.per_page,
        advanced=asked.advanced,
        time_budget=current_app.config["SEARCH_TIME_BUDGET"],
    )
