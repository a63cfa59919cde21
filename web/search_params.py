"""The search request of a page or API call (search.request reads it; here,
only what is the web's own: a page number beyond the catalogue's is a 404)."""

from __future__ import annotations

from flask import request

from search.request import SearchRequest, search_request
from web.url_numbers import whole_number


def search_request_from_query_string() -> SearchRequest:
    for name in ("page", "per_page"):
        whole_number(name, 1)  # only for its 404 on a number no page can have
    return search_request(request.args.to_dict(flat=False))
