"""Huge whole numbers in addresses: every route, for the public and for staff,
answers a number too large for the catalogue's database (a part, an id, a
page) with 404, never a 500 from an OverflowError in the driver. The routes
are read from the app's URL map, so a route added later is covered too."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from archive.accounts import add_user
from tests.conftest import TODAY, ingested
from tests.web.test_staff import PASSWORD, login
from web.app import create_app
from web.url_numbers import LARGEST
from web.views.staff import RUNS_PER_PAGE

# One past the largest INTEGER, past SQLite's 64 bits, and far beyond both.
HUGE = (LARGEST + 1, 2**63, 2**64, 10**30)
# What each non-numeric argument of a rule is in the test collection.
ARGUMENTS = {
    "accession": "T-1",
    "slug": "miriam-toledano",
    "code": "IQ",
    "theme_id": "farhud",
    "filename": "style.css",
}
# Query-string arguments that are, or look like, numbers somewhere on the site.
NUMERIC_ARGS = ("page", "per_page", "part", "t", "from", "to", "decade", "year", "id")
# Those read as whole numbers (web/url_numbers.whole_number), by route.
WHOLE_NUMBER_ARGS = {
    "search.results": ("page",),
    "api.search": ("page", "per_page"),
    "staff.runs": ("page",),
}


@pytest.fixture(scope="module")
def clients(tmp_path_factory, collection_dir):
    """A public client and a logged-in staff one on the test collection."""
    settings, sessions = ingested(tmp_path_factory.mktemp("huge-numbers-data"), collection_dir)
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    app = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})
    staff = app.test_client()
    assert login(staff).status_code == 303
    return app, {"public": app.test_client(), "staff": staff}


def _status(client, url: str) -> int:
    with client.get(url) as response:  # closes a file response (audio, static)
        return response.status_code


def _get_rules(app):
    return [r for r in app.url_map.iter_rules() if "GET" in r.methods]


def _url(rule, number: int) -> str:
    values = {
        name: number if isinstance(converter, IntegerConverter) else ARGUMENTS[name]
        for name, converter in rule._converters.items()
    }
    return rule.build(values, append_unknown=False)[1]


def test_the_table_knows_every_routes_arguments(clients):
    """A new route argument needs a value here, or the tests below skip it."""
    app, _ = clients
    for rule in _get_rules(app):
        assert set(rule.arguments) <= set(ARGUMENTS) | {
            n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)
        }, rule.rule


@pytest.mark.parametrize("who", ["public", "staff"])
def test_a_huge_number_in_the_path_is_not_found(clients, who):
    app, by_whom = clients
    numbered = [
        r
        for r in _get_rules(app)
        if any(isinstance(c, IntegerConverter) for c in r._converters.values())
    ]
    assert {r.endpoint for r in numbered} >= {
        "testimonies.audio",
        "testimonies.transcript_vtt",
        "staff.run",
        "staff.talk_request",
    }
    failures, asked = {}, 0
    for rule in numbered:
        if rule.endpoint.startswith("staff.") and who == "public":
            continue  # the public is sent to the login page before any number is read
        for number in (*HUGE, LARGEST):
            url = _url(rule, number)
            code, asked = _status(by_whom[who], url), asked + 1
            # LARGEST reaches the database: whatever the route answers, not a 5xx.
            if code >= 500 or (number > LARGEST and code != 404):
                failures[url] = code
    assert asked and not failures, failures


@pytest.mark.parametrize("who", ["public", "staff"])
def test_a_huge_number_in_the_query_string_is_never_a_server_error(clients, who):
    app, by_whom = clients
    failures = {}
    for rule in _get_rules(app):
        base = _url(rule, 1)
        for name in NUMERIC_ARGS:
            url = f"{base}?q=Tripoli&{name}={2**64}"
            code = _status(by_whom[who], url)
            expected_404 = name in WHOLE_NUMBER_ARGS.get(rule.endpoint, ()) and (
                who == "staff" or not rule.endpoint.startswith("staff.")
            )
            if code >= 500 or (expected_404 and code != 404):
                failures[url] = code
    assert not failures, failures


def test_the_largest_page_the_database_holds_is_an_empty_page(clients):
    """The bound is the database's, not lower: the last representable page of
    ingest runs is an ordinary (empty) page, one past it is not found."""
    _app, by_whom = clients
    last = LARGEST // RUNS_PER_PAGE
    assert by_whom["staff"].get(f"/staff/runs/?page={last}").status_code == 200
    assert by_whom["staff"].get(f"/staff/runs/?page={last + 1}").status_code == 404
    assert by_whom["public"].get("/api/search?q=Tripoli&page=abc").status_code == 200
