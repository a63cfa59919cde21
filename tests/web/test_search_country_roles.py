"""The search's three country facets: "Countries (told of)" (the places a
testimony tells of), "From" and "To" (where its speakers came from and went
to), on the results page, in /api/search and in `testimony search`.

Beside the test collection, a restricted testimony is the only one of a
speaker from Yemen who went to the United States: neither country may reach
the public's facets. Every count is compared with a count made from the
manifest itself, for the public and for staff; the decade facet is in the
order of time. Home and country pages link each role to its filtered
search."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from archive.accounts import add_user
from archive.vocabularies import resolve_country
from ingest.pipeline import run_ingest
from tests.collections import TRANSCRIPTS, default_manifest, make_collection, testimony_entry
from tests.conftest import TODAY, fresh_settings, initialised
from tests.postgres import database_url_for
from tests.web.test_staff import PASSWORD, login
from web.app import create_app
from web.cli import main

ROLES = {"origin": "origin_countries", "destination": "destinations"}


def manifest() -> dict:
    found = default_manifest()
    # New lists: default_manifest() shares the module's SPEAKERS list.
    found["speakers"] = [
        *found["speakers"],
        {
            "id": "naomi-hidden",
            "name": "Naomi Hidden",
            "origin_countries": ["YE"],
            "destinations": ["US"],
            "biography": "Fictional.",
        },
        {
            "id": "david-both",
            "name": "David Both",
            "origin_countries": ["MA"],
            "destinations": ["FR", "IL"],
            "biography": "Fictional.",
        },
    ]
    found["testimonies"] = [
        *found["testimonies"],
        testimony_entry(
            "T-4",
            "transcripts/T-4.txt",
            "audio/T-4.wav",
            speakers=["naomi-hidden"],
            countries=["YE"],
            access="restricted",
        ),
        # Two speakers who both went to Israel: the testimony counts once there.
        testimony_entry(
            "T-5",
            "transcripts/T-5.txt",
            "audio/T-5.wav",
            speakers=["miriam-toledano", "david-both"],
            countries=["MA", "LY"],
            years="1938-1962",
        ),
    ]
    return found


TEXTS = {
    **TRANSCRIPTS,
    "transcripts/T-4.txt": "[00:00:00] NAOMI: We flew from Aden on a night plane.\n",
    "transcripts/T-5.txt": "[00:00:00] DAVID: We sailed from Casablanca to Marseille.\n",
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    settings = fresh_settings(tmp_path_factory.mktemp("country-roles"))
    sessions = initialised(settings)
    folder = make_collection(tmp_path_factory.mktemp("roles") / "test-voices", manifest(), TEXTS)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    return settings


def client_on(settings, staff: bool):
    client = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()
    if staff:
        login(client)
    return client


def roles_of(entry: dict, speakers: dict) -> dict[str, set[str]]:
    """A manifest entry's country codes in each role."""
    return {
        "country": {resolve_country(c) for c in entry["countries"]},
        **{
            facet: {
                resolve_country(c)
                for slug in entry["speakers"]
                for c in speakers[slug].get(key, [])
            }
            for facet, key in ROLES.items()
        },
    }


def expected(staff: bool, **chosen: str) -> tuple[set[str], dict[str, Counter]]:
    """The testimonies found, and per country in each role how many, counted
    from the manifest alone."""
    source = manifest()
    speakers = {s["id"]: s for s in source["speakers"]}
    found, counts = set(), {"country": Counter(), "origin": Counter(), "destination": Counter()}
    for entry in source["testimonies"]:
        roles = roles_of(entry, speakers)
        if (staff or entry["access"] == "public") and all(
            value in roles[facet] for facet, value in chosen.items()
        ):
            found.add(entry["accession"])
            for facet, codes in roles.items():
                counts[facet].update(codes)
    return found, counts


def counts(body: dict, facet: str) -> Counter:
    return Counter({v["value"]: v["count"] for v in body["facets"][facet]["values"]})


@pytest.mark.parametrize("staff", [False, True], ids=["public", "staff"])
@pytest.mark.parametrize(
    "chosen", [{}, {"origin": "IQ"}, {"destination": "IL"}, {"origin": "MA", "country": "LY"}]
)
def test_api_facet_counts_equal_a_count_from_the_manifest(settings, staff, chosen):
    query = "&".join(f"{name}={value}" for name, value in chosen.items())
    body = client_on(settings, staff).get(f"/api/search?sort=accession&{query}").get_json()
    accessions, wanted = expected(staff, **chosen)
    assert {hit["accession"] for hit in body["results"]} == accessions
    for facet in ("country", "origin", "destination"):
        assert counts(body, facet) == wanted[facet], facet


def test_a_speaker_only_in_restricted_testimonies_gives_the_public_no_from_or_to(settings):
    public = client_on(settings, staff=False)
    body = public.get("/api/search?sort=accession").get_json()
    assert "YE" not in counts(body, "origin") and "US" not in counts(body, "destination")
    assert public.get("/api/search?origin=YE").get_json()["total"] == 0
    assert public.get("/api/search?destination=US").get_json()["total"] == 0
    page = public.get("/search?sort=accession").get_data(as_text=True)
    assert "United States" not in page and "Yemen" not in page
    staff = client_on(settings, staff=True).get("/api/search?destination=US").get_json()
    assert [hit["accession"] for hit in staff["results"]] == ["T-4"]


def test_the_results_page_lists_from_and_to_and_their_filters_can_be_removed(settings):
    client = client_on(settings, staff=False)
    page = client.get("/search?q=fictional").get_data(as_text=True)
    titles = re.findall(r'<section class="facet">\s*<h2>([^<]+)</h2>', page)
    assert titles[:3] == ["Countries (told of)", "From", "To"]
    link = re.search(r'href="(/search\?q=fictional&amp;destination=IL)"', page)
    assert link, "a To value links to the filtered search"
    filtered = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "2 testimonies" in filtered  # T-1 and T-5, not T-2 (no destination)
    assert "To: Israel" in filtered
    removal = re.search(r'<li>To: Israel <a href="([^"]+)"', filtered)
    assert removal and "destination" not in removal.group(1)
    both = client.get("/search?q=fictional&origin=MA&destination=IL").get_data(as_text=True)
    assert "From: Morocco" in both and "To: Israel" in both and "1 testimony" in both


def test_advanced_syntax_takes_origin_and_destination(settings):
    client = client_on(settings, staff=False)
    found = client.get("/api/search?q=fictional+origin:ma&advanced=1").get_json()
    assert [hit["accession"] for hit in found["results"]] == ["T-5"]
    found = client.get("/api/search?q=fictional+destination:IL&advanced=1&sort=accession")
    assert [hit["accession"] for hit in found.get_json()["results"]] == ["T-1", "T-5"]


def test_the_decade_facet_is_in_the_order_of_time(settings):
    body = client_on(settings, staff=False).get("/api/search?sort=accession").get_json()
    decades = [(v["value"], v["count"]) for v in body["facets"]["decade"]["values"]]
    # By count the 1940s (three public testimonies) and the 1950s would lead.
    assert decades == [("1930", 1), ("1940", 3), ("1950", 2), ("1960", 1)]


def test_the_cli_takes_origin_and_destination_and_counts_as_the_api(settings):
    def run(*args: str) -> dict:
        env = {
            "TESTIMONY_DATA_DIR": str(settings.data_dir),
            "TESTIMONY_DATABASE_URL": database_url_for(settings.data_dir),
        }
        result = CliRunner().invoke(main, ["search", "fictional", "--json", *args], env=env)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    for staff in (False, True):
        payload = run(*(["--all"] if staff else []))
        wanted = expected(staff)[1]
        for facet in ("country", "origin", "destination"):
            assert counts(payload, facet) == wanted[facet], (facet, staff)
    assert {hit["accession"] for hit in run("--origin", "ma")["results"]} == {"T-5"}
    assert {hit["accession"] for hit in run("--destination", "IL")["results"]} == {"T-1", "T-5"}
    assert run("--destination", "US")["total"] == 0
    assert {hit["accession"] for hit in run("--destination", "US", "--all")["results"]} == {"T-4"}


EVERY_ROLE = {f"/search?origin={c}" for c in ("LY", "IQ", "MA")} | {
    f"/search?destination={c}" for c in ("IL", "FR")
}
ROLE_LINKS = {
    "/": EVERY_ROLE,
    "/countries/": EVERY_ROLE,
    "/countries/LY": {"/search?origin=LY"},
    "/countries/IL": {"/search?destination=IL"},
}


@pytest.mark.parametrize("address", ROLE_LINKS)
def test_home_and_country_pages_link_each_role_to_its_filtered_search(settings, address):
    client = client_on(settings, staff=False)
    page = client.get(address).get_data(as_text=True)
    links = set(re.findall(r'href="(/search\?(?:origin|destination)=[A-Z]{2})"', page))
    assert links == ROLE_LINKS[address]  # nothing from Yemen or to the United States
    for link in links:
        assert client.get(link.replace("/search", "/api/search")).get_json()["total"] >= 1
