"""The search bounds on the site and the API: notices on the results page
and in the JSON, and a per-client rate limit answering 429 with Retry-After."""

from __future__ import annotations

import json
from html import unescape

import pytest

from archive.errors import SettingsError
from archive.settings import DEFAULT_SEARCH_RATE_LIMIT, Settings
from tests.conftest import TODAY
from web.app import create_app

REFUSED = "“*x*”: a wildcard cannot begin a word"


def app_with(archive_settings, **config):
    return create_app(archive_settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY, **config})


def test_refused_wildcards_are_said_on_the_page_and_in_the_api(client):
    page = unescape(client.get("/search?q=*x*+OR+Tripol*&advanced=1").get_data(as_text=True))
    assert '<div class="notices" role="status">' in page and REFUSED in page
    assert "Testimony T-1" in page  # Tripol* still finds its testimony
    answer = client.get("/api/search?q=*x*+OR+Tripol*&advanced=1").get_json()
    assert answer["total"] == 1 and answer["cut_short"] is False
    assert [n[: len(REFUSED)] for n in answer["notices"]] == [REFUSED]
    plain = client.get("/api/search?q=Tripoli").get_json()
    assert plain["notices"] == [] and plain["cut_short"] is False


def test_the_time_budget_notice_on_the_page_and_in_the_api(archive_settings):
    client = app_with(archive_settings, SEARCH_TIME_BUDGET=0).test_client()
    page = unescape(client.get("/search?q=Tripoli+Baghdad").get_data(as_text=True))
    assert "This search took longer than its time budget (0 s) and was stopped" in page
    answer = client.get("/api/search?q=Tripoli+Baghdad").get_json()
    assert answer["cut_short"] is True and "was stopped" in answer["notices"][0]


@pytest.mark.parametrize("path", ["/search?q=Tripoli", "/api/search?q=Tripoli"])
def test_searches_past_the_rate_limit_answer_429_with_retry_after(archive_settings, path):
    client = app_with(archive_settings, SEARCH_RATE_LIMIT="3 per minute").test_client()
    answers = [client.get(path) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 60
    assert client.get("/").status_code == 200  # other pages are not limited
    other = client.get(path, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200  # counted per client address


def test_the_search_rate_limit_is_a_setting(archive_settings):
    assert Settings.from_environ({}).search_rate_limit == DEFAULT_SEARCH_RATE_LIMIT
    client = app_with(archive_settings, SEARCH_RATE_LIMIT="off").test_client()
    assert all(client.get("/api/search?q=Tripoli").status_code == 200 for _ in range(70))
    with pytest.raises(SettingsError, match="TESTIMONY_SEARCH_RATE_LIMIT='lots'"):
        Settings.from_environ({"TESTIMONY_SEARCH_RATE_LIMIT": "lots"})
    with pytest.raises(SettingsError, match="TESTIMONY_SEARCH_TIME_BUDGET='soon'"):
        Settings.from_environ({"TESTIMONY_SEARCH_TIME_BUDGET": "soon"})


def test_the_command_line_says_the_notices_too(cli):
    answer = json.loads(cli("search", "*x* OR Tripol*", "--advanced", "--json").output)
    assert answer["total"] == 1 and answer["cut_short"] is False
    assert answer["notices"][0].startswith(REFUSED)
    assert REFUSED in cli("search", "*x*", "--advanced").output
