"""The Interviewer facet: who interviewed, as the catalogue lists a
testimony's interviewers, on the results page (its list and ?interviewer=),
in /api/search and its OpenAPI document, in `testimony search --interviewer`
and in the advanced syntax (interviewer:"Hila Marom"). A name is compared
without case or accents. An interviewer known only from restricted
testimonies does not exist for the public."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from ingest.pipeline import run_ingest
from search.speaker_roles import label_key
from tests.collections import TRANSCRIPTS, default_manifest, make_collection, testimony_entry
from tests.conftest import TODAY, fresh_settings, initialised
from tests.postgres import database_url_for
from web.app import create_app
from web.cli import main


def manifest() -> dict:
    found = default_manifest()
    testimonies = found["testimonies"]  # T-1 public, T-2 public, T-3 restricted
    testimonies[1]["interviewers"] = ["Hila Marom"]
    found["testimonies"] = [
        *testimonies,
        testimony_entry(
            "T-4",
            "transcripts/T-4.txt",
            "audio/T-4.wav",
            interviewers=["Dalia Hidden"],
            access="restricted",
        ),
        testimony_entry(
            "T-5",
            "transcripts/T-5.txt",
            "audio/T-5.wav",
            interviewers=["Hila Marom", "Jonah Brandt"],
        ),
    ]
    return found


TEXTS = {
    **TRANSCRIPTS,
    "transcripts/T-4.txt": "[00:00:00] MIRIAM: We flew from Aden on a night plane.\n",
    "transcripts/T-5.txt": "[00:00:00] MIRIAM: We sailed from Tripoli to Marseille.\n",
}


def expected(staff: bool, interviewer: str | None = None) -> tuple[set[str], Counter]:
    """The testimonies found and the count per interviewer, from the manifest alone."""
    found, counts = set(), Counter()
    for entry in manifest()["testimonies"]:
        names = {label_key(name) for name in entry["interviewers"]}
        if (staff or entry["access"] == "public") and (interviewer is None or interviewer in names):
            found.add(entry["accession"])
            counts.update(names)
    return found, counts


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    settings = fresh_settings(tmp_path_factory.mktemp("interviewers"))
    sessions = initialised(settings)
    folder = make_collection(tmp_path_factory.mktemp("iv") / "test-voices", manifest(), TEXTS)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    return settings


@pytest.fixture(scope="module")
def client(settings):
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()


def accessions(body: dict) -> set[str]:
    return {hit["accession"] for hit in body["results"]}


def interviewer_counts(body: dict) -> Counter:
    return Counter({v["value"]: v["count"] for v in body["facets"]["interviewer"]["values"]})


def test_the_api_counts_and_filters_by_interviewer(client):
    body = client.get("/api/search?q=fictional").get_json()
    assert interviewer_counts(body) == expected(staff=False)[1]
    assert interviewer_counts(body) == {"test interviewer": 1, "hila marom": 2, "jonah brandt": 1}
    labels = {v["value"]: v["label"] for v in body["facets"]["interviewer"]["values"]}
    assert labels["hila marom"] == "Hila Marom"
    for typed in ("Hila Marom", "hila marom", "HILA  MAROM"):
        chosen = client.get(f"/api/search?q=fictional&interviewer={typed}").get_json()
        assert accessions(chosen) == expected(False, "hila marom")[0] == {"T-2", "T-5"}
    both = client.get("/api/search?interviewer=Jonah+Brandt&interviewer=Test+Interviewer")
    assert accessions(both.get_json()) == {"T-1", "T-5"}


def test_an_interviewer_of_restricted_testimonies_only_is_unknown_to_the_public(client, settings):
    body = client.get("/api/search?q=fictional").get_json()
    assert "dalia hidden" not in interviewer_counts(body)
    assert client.get("/api/search?interviewer=Dalia+Hidden").get_json()["total"] == 0
    page = client.get("/search?q=fictional").get_data(as_text=True)
    assert "Dalia Hidden" not in page
    staff = cli_search(settings, "--all")
    assert interviewer_counts(staff) == expected(staff=True)[1]
    assert accessions(cli_search(settings, "--all", "--interviewer", "dalia hidden")) == {"T-4"}


def test_openapi_describes_the_interviewer_parameter_and_facet(client):
    document = client.get("/api/openapi.json").get_json()
    search = document["paths"]["/api/search"]["get"]
    parameter = next(p for p in search["parameters"] if p["name"] == "interviewer")
    assert parameter["in"] == "query" and parameter["schema"]["type"] == "array"
    results = search["responses"]["200"]["content"]["application/json"]["schema"]
    assert "interviewer" in results["properties"]["facets"]["properties"]


def test_the_results_page_lists_interviewers_and_filters_by_one(client):
    page = client.get("/search?q=fictional").get_data(as_text=True)
    titles = re.findall(r'<section class="facet">\s*<h2>([^<]+)</h2>', page)
    assert "Interviewer" in titles
    link = re.search(r'href="(/search\?q=fictional&amp;interviewer=hila\+marom)"', page)
    assert link, "an interviewer links to the filtered search"
    filtered = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "2 testimonies" in filtered and "Interviewer: Hila Marom" in filtered
    removal = re.search(r'<li>Interviewer: Hila Marom <a href="([^"]+)"', filtered)
    assert removal and "interviewer" not in removal.group(1)
    typed = client.get("/search?interviewer=Jonah+Brandt").get_data(as_text=True)
    assert "1 testimony" in typed and "Interviewer: Jonah Brandt" in typed


def test_advanced_syntax_takes_an_interviewer(client):
    body = client.get('/api/search?q=fictional+interviewer:"Hila+Marom"&advanced=1').get_json()
    assert accessions(body) == {"T-2", "T-5"}


def cli_search(settings, *args: str) -> dict:
    env = {
        "TESTIMONY_DATA_DIR": str(settings.data_dir),
        "TESTIMONY_DATABASE_URL": database_url_for(settings.data_dir),
    }
    result = CliRunner().invoke(main, ["search", "fictional", "--json", *args], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_cli_takes_interviewer_and_counts_as_the_api(client, settings):
    assert interviewer_counts(cli_search(settings)) == expected(staff=False)[1]
    assert accessions(cli_search(settings, "--interviewer", "Hila Marom")) == {"T-2", "T-5"}
    assert cli_search(settings, "--interviewer", "Nobody Known")["total"] == 0
    help_text = CliRunner().invoke(main, ["search", "--help"]).output
    assert "--interviewer" in help_text
