"""What the home, country, theme and speaker pages show is read once per
catalogue change and remembered (web.catalogue_cache, search.overview): an
answer remembered for staff is never served to the public, a second request
reads nothing but the catalogue's version, and an ingest that adds a
testimony or hides one changes the pages at once, in the same app."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import event

from archive.accounts import add_user
from ingest.pipeline import run_ingest
from tests.collections import make_collection, testimony_entry
from tests.conftest import TODAY, ingested
from tests.web.test_hidden_collections import (
    LIFTED,
    PLANTED,
    SEALED_TRANSCRIPTS,
    collections_counted,
    sealed_manifest,
)
from tests.web.test_staff import PASSWORD, login
from web.app import create_app

LATER = "later-voices"
OAI_PAGE = 1
# Every page whose answers are remembered, with the sealed collection's
# country (YE) and theme-less speaker.
REMEMBERED_PAGES = [
    "/",
    "/countries/",
    "/countries/YE",
    "/countries/LY",
    "/themes/",
    "/themes/tripoli-riots",
    "/decades/",
    "/speakers/",
    "/speakers/miriam-toledano",
    "/api/speakers",
    "/sitemap.xml",
]


def later_manifest(access: str) -> dict:
    return {
        "collection": {"id": LATER, "title": "Later voices"},
        "speakers": [{"id": "later-narrator", "name": "Yona Latecomer", "biography": "Fictional."}],
        "testimonies": [
            testimony_entry(
                "L-1",
                "transcripts/L-1.txt",
                "audio/L-1.wav",
                speakers=["later-narrator"],
                title="A story told later",
                access=access,
            )
        ],
    }


@pytest.fixture
def site(tmp_path, collection_dir):
    """A catalogue of its own (these tests ingest into it): the test collection
    and the sealed one (restricted and embargoed testimonies only)."""
    settings, sessions = ingested(tmp_path / "data", collection_dir)
    sealed = make_collection(tmp_path / "sealed", sealed_manifest(), SEALED_TRANSCRIPTS)
    report = run_ingest(sealed, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    # OAI-PMH pages of 1 record: the harvest is paged through remembered entries
    paged = replace(settings, oai_page_size=OAI_PAGE)
    app = create_app(paged, {"TESTING": True, "TESTIMONY_TODAY": TODAY})
    return app, settings, sessions


def ingest_later(tmp_path, settings, sessions, access: str) -> None:
    folder = make_collection(
        tmp_path / f"later-{access}",
        later_manifest(access),
        {"transcripts/L-1.txt": "[00:00:00] YONA: We came by sea.\n"},
    )
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def testimonies_counted(html: str) -> int:
    found = re.search(r"<strong>(\d+)</strong> testimonies", html)
    assert found, "the home page counts the testimonies"
    return int(found.group(1))


def test_what_staff_were_shown_is_never_shown_to_the_public(site):
    app, _settings, _sessions = site
    staff, public = app.test_client(), app.test_client()
    login(staff)
    for url in REMEMBERED_PAGES:  # staff first: their answers are remembered
        text(staff, url)
    assert "Quincunx voices" in text(staff, "/") and collections_counted(text(staff, "/")) == 2
    assert "Rahel Narrator" in text(staff, "/speakers/")
    assert "Rahel Narrator" in text(staff, "/speakers/sealed-narrator")
    assert public.get("/speakers/sealed-narrator").status_code == 404
    assert "Yemen" in text(staff, "/countries/")  # told of by the sealed testimonies only
    for url in REMEMBERED_PAGES:
        body = text(public, url)
        assert PLANTED not in body.lower(), url
        assert "Rahel Narrator" not in body and "sealed-narrator" not in body, url
    assert collections_counted(text(public, "/")) == 1
    assert "Yemen" not in text(public, "/countries/")
    # and staff still see their own answers after the public's were remembered
    assert "Quincunx voices" in text(staff, "/")
    assert "Rahel Narrator" in text(staff, "/api/speakers")


def test_an_embargo_lifts_on_its_day_in_the_same_app(site):
    app, _settings, _sessions = site
    public = app.test_client()
    assert collections_counted(text(public, "/")) == 1
    app.config["TESTIMONY_TODAY"] = LIFTED
    assert collections_counted(text(public, "/")) == 2
    assert "Rahel Narrator" in text(public, "/speakers/")


def test_a_second_request_reads_only_the_catalogue_version(site):
    app, _settings, _sessions = site
    public = app.test_client()
    engine = app.extensions["testimony"]["engine"]
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for url in REMEMBERED_PAGES:
            text(public, url)
        statements.clear()
        for url in (
            "/",
            "/countries/",
            "/countries/YE",
            "/speakers/",
            "/speakers/miriam-toledano",
            "/themes/tripoli-riots",
        ):
            text(public, url)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    read = {table for s in statements for table in re.findall(r"FROM (\w+)", s)}
    assert read == {"ingest_runs", "testimonies"}, statements


def test_an_ingest_changes_the_pages_at_once(site, tmp_path):
    app, settings, sessions = site
    public = app.test_client()
    before = {url: text(public, url) for url in REMEMBERED_PAGES}
    assert "A story told later" not in before["/"]
    ingest_later(tmp_path, settings, sessions, "public")
    added = {url: text(public, url) for url in REMEMBERED_PAGES}
    assert testimonies_counted(added["/"]) == testimonies_counted(before["/"]) + 1
    assert "A story told later" in added["/"]
    assert collections_counted(added["/"]) == collections_counted(before["/"]) + 1
    assert "A story told later" in added["/countries/LY"]
    assert "Yona Latecomer" in added["/speakers/"] and "later-narrator" in added["/api/speakers"]
    assert "L-1" in added["/sitemap.xml"]
    # the same testimony made restricted: gone for the public on the next request
    ingest_later(tmp_path, settings, sessions, "restricted")
    hidden = {url: text(public, url) for url in REMEMBERED_PAGES}
    for url, body in hidden.items():
        assert "A story told later" not in body and "Yona Latecomer" not in body, url
        assert "L-1" not in body, url
    assert testimonies_counted(hidden["/"]) == testimonies_counted(before["/"])
    assert collections_counted(hidden["/"]) == collections_counted(before["/"])


def oai_headers(client) -> dict[str, bool]:
    """accession -> deleted?, over every page of ListIdentifiers (OAI_PAGE)."""
    headers: dict[str, bool] = {}
    url = "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"
    while url:
        body = text(client, url)
        for header in re.findall(r"<header( status=\"deleted\")?>(.*?)</header>", body, re.S):
            accession = re.search(r"<identifier>oai:[^:]+:([^<]+)</identifier>", header[1])
            headers[accession.group(1)] = bool(header[0])
        token = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", body)
        url = f"/oai?verb=ListIdentifiers&resumptionToken={token.group(1)}" if token else ""
    return headers


def test_an_ingest_changes_the_harvest_at_once(site, tmp_path):
    app, settings, sessions = site
    harvester = app.test_client()
    before = oai_headers(harvester)
    assert len(before) > OAI_PAGE and "L-1" not in before and not any(before.values())
    ingest_later(tmp_path, settings, sessions, "public")
    assert oai_headers(harvester) == {**before, "L-1": False}
    ingest_later(tmp_path, settings, sessions, "restricted")  # withdrawn: reported deleted
    assert oai_headers(harvester) == {**before, "L-1": True}


def test_remembered_addresses_follow_the_site_address_asked(site):
    """Without TESTIMONY_BASE_URL the addresses are the request's own: an answer
    remembered for one host is never given to another."""
    app, _settings, _sessions = site
    client = app.test_client()
    for url in ("/sitemap.xml", "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"):
        for host, other in (("first.example", "second"), ("second.example", "first")):
            body = client.get(url, base_url=f"http://{host}").get_data(as_text=True)
            assert host in body and other not in body, (url, host)
