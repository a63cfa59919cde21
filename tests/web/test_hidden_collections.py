"""A collection holding only restricted or still-embargoed testimonies does not
exist for the public: not on the home page (nor in its count), not in the
banners of any page, the facets, the API, the sitemap or the OAI-PMH sets. It
appears by itself on the day its embargo lifts, and staff always see it.

Beside the public test collection, a "sealed" one plants the word quincunx in
its title and notice; the public site is crawled looking for it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from archive.accounts import add_user
from ingest.pipeline import run_ingest
from tests.collections import make_collection, testimony_entry
from tests.conftest import TODAY, fresh_settings, initialised
from tests.web.test_canary import crawl
from tests.web.test_staff import PASSWORD, login
from web.app import create_app

SEALED = "sealed-voices"
PLANTED = "quincunx"
LIFTED = date(2030, 1, 2)  # the day after the sealed embargo ends


def sealed_manifest() -> dict:
    return {
        "collection": {
            "id": SEALED,
            "title": "Quincunx voices",
            "notice": "The quincunx recordings are held back for now.",
        },
        "speakers": [
            {"id": "sealed-narrator", "name": "Rahel Narrator", "biography": "Fictional."}
        ],
        "testimonies": [
            testimony_entry(
                "S-R",
                "transcripts/S-R.txt",
                "audio/S-R.wav",
                speakers=["sealed-narrator"],
                title="A sealed story",
                countries=["YE"],
                access="restricted",
            ),
            testimony_entry(
                "S-E",
                "transcripts/S-E.txt",
                "audio/S-E.wav",
                speakers=["sealed-narrator"],
                title="An embargoed story",
                countries=["YE"],
                access="embargoed",
                embargo_until="2030-01-01",
            ),
        ],
    }


SEALED_TRANSCRIPTS = {
    "transcripts/S-R.txt": "[00:00:00] RAHEL: We left Aden by night.\n",
    "transcripts/S-E.txt": "[00:00:00] RAHEL: The harbour of Aden was full of boats.\n",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory, collection_dir):
    settings = fresh_settings(tmp_path_factory.mktemp("hidden-collections"))
    sessions = initialised(settings)
    sealed = make_collection(
        tmp_path_factory.mktemp("sealed") / SEALED, sealed_manifest(), SEALED_TRANSCRIPTS
    )
    for folder in (collection_dir, sealed):
        report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir)
        assert report.clean, [str(p) for p in report.problems]
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    return settings


def client_on(settings, today: date, staff: bool = False):
    client = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": today}).test_client()
    if staff:
        login(client)
    return client


def collections_counted(html: str) -> int:
    found = re.search(r"<strong>(\d+)</strong> collections?\b", html)
    assert found, "the home page counts the collections"
    return int(found.group(1))


def collection_facet(client) -> set[str]:
    found = client.get("/api/search?sort=accession").get_json()
    return {value["value"] for value in found["facets"]["collection"]["values"]}


def oai_sets(client) -> str:
    return client.get("/oai?verb=ListSets").get_data(as_text=True)


SEEDS = [
    "/",
    "/sitemap.xml",
    "/countries/",
    "/countries/YE",
    "/themes/",
    "/speakers/",
    "/programmes/",
    "/search?sort=accession",
    "/search?q=Aden",
    f"/search?collection={SEALED}",
    "/api/search?sort=accession",
    "/api/search?q=Aden",
    f"/api/search?collection={SEALED}",
    "/api/speakers",
    "/api/testimonies/S-R",
    "/api/testimonies/S-E",
    "/testimonies/S-R",
    "/testimonies/S-E",
    "/oai?verb=Identify",
    "/oai?verb=ListSets",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    f"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=collection:{SEALED}",
    "/request-a-talk/",
    "/no-such-page",
]


def test_the_public_site_never_names_a_collection_of_hidden_testimonies(archive):
    pages = crawl(client_on(archive, TODAY), SEEDS)
    assert len(pages) > 30  # the crawl went through the site
    for url, (status, body) in pages.items():
        assert status in (200, 302, 400, 404), (url, status)
        assert PLANTED not in body.lower(), url
        if SEALED not in url:  # a search asked for it by name repeats what was typed
            assert SEALED not in body, url
    home = pages["/"][1]
    assert "Test collection: every testimony is fictional." in home  # the public one's banner
    assert collections_counted(home) == 1


def test_facets_api_and_oai_sets_leave_it_out(archive):
    public = client_on(archive, TODAY)
    assert collection_facet(public) == {"test-voices"}
    asked = public.get(f"/api/search?collection={SEALED}").get_json()
    assert asked["total"] == 0 and asked["results"] == []
    assert all(not facet["values"] for facet in asked["facets"].values())
    assert f"collection:{SEALED}" not in oai_sets(public)
    assert "collection:test-voices" in oai_sets(public)
    # Asking for its set answers exactly as for a set that does not exist.
    listing = "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=collection:"
    sealed = public.get(listing + SEALED).get_data(as_text=True)
    unknown = public.get(listing + "no-such-collection").get_data(as_text=True)
    assert "noRecordsMatch" in sealed
    assert sealed.replace(SEALED, "X") == unknown.replace("no-such-collection", "X")


def test_staff_see_the_collection_everywhere(archive):
    staff = client_on(archive, TODAY, staff=True)
    home = staff.get("/").get_data(as_text=True)
    assert "Quincunx voices" in home and "The quincunx recordings are held back" in home
    assert collections_counted(home) == 2
    assert "Quincunx voices" in staff.get("/testimonies/T-1").get_data(as_text=True)  # banner
    assert collection_facet(staff) == {"test-voices", SEALED}
    assert staff.get("/testimonies/S-R").status_code == 200


def test_the_collection_appears_by_itself_when_its_embargo_lifts(archive):
    public = client_on(archive, LIFTED)
    home = public.get("/").get_data(as_text=True)
    assert "Quincunx voices" in home and collections_counted(home) == 2
    assert collection_facet(public) == {"test-voices", SEALED}
    assert f"collection:{SEALED}" in oai_sets(public)
    assert public.get("/testimonies/S-E").status_code == 200
    assert public.get("/testimonies/S-R").status_code == 404  # restricted stays hidden
