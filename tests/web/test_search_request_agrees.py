"""One search request, read the same way from the results page, the API, the
command line and the advanced syntax: the same values select the same
testimonies (a language typed in capitals included)."""

from __future__ import annotations

import json
import re


def _page_total(client, query: str) -> int:
    html = client.get(f"/search?{query}").get_data(as_text=True)
    found = re.search(r'<p class="totals">(\d+) testimon', html)
    return int(found.group(1)) if found else 0


def test_a_language_in_capitals_selects_the_same_testimonies_everywhere(client, cli):
    lower = client.get("/api/search?q=Tripoli&language=en").get_json()["total"]
    assert lower == 1
    assert client.get("/api/search?q=Tripoli&language=EN").get_json()["total"] == lower
    assert _page_total(client, "q=Tripoli&language=EN") == lower
    from_cli = json.loads(cli("search", "Tripoli", "--json", "--language", "EN").output)
    assert from_cli["total"] == lower
    advanced = client.get("/api/search?q=Tripoli+language:EN&advanced=1").get_json()
    assert advanced["total"] == lower


def test_a_country_in_lower_case_selects_the_same_testimonies_everywhere(client, cli):
    upper = client.get("/api/search?q=Tripoli&country=LY").get_json()["total"]
    assert upper == 1
    assert client.get("/api/search?q=Tripoli&country=ly").get_json()["total"] == upper
    assert _page_total(client, "q=Tripoli&country=ly") == upper
    from_cli = json.loads(cli("search", "Tripoli", "--json", "--country", "ly").output)
    assert from_cli["total"] == upper
    advanced = client.get("/api/search?q=Tripoli+country:ly&advanced=1").get_json()
    assert advanced["total"] == upper


def test_the_command_line_and_the_api_give_one_json_shape(client, cli):
    from_api = client.get("/api/search?q=Tripoli").get_json()
    from_cli = json.loads(cli("search", "Tripoli", "--json").output)
    assert set(from_cli) == set(from_api)
    assert set(from_cli["results"][0]) == set(from_api["results"][0])
    assert from_cli["results"][0]["score"] == from_api["results"][0]["score"]
    assert from_cli["facets"] == from_api["facets"]
