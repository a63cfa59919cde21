"""Hostile requests: markup planted in the catalogue is escaped on every page,
snippet and JSON answer; SQL- and Whoosh-looking queries, oversize strings and
parameters of the wrong type are answered, never raised; addresses that try to
leave the archive's folders find nothing."""

from __future__ import annotations

import copy

import pytest

from ingest.pipeline import run_ingest
from tests.collections import TRANSCRIPTS, default_manifest, make_collection
from tests.conftest import TODAY, fresh_settings, initialised
from web.app import create_app

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    manifest = copy.deepcopy(default_manifest())
    manifest["speakers"][0]["name"] = f"Miriam {IMG} Toledano"
    manifest["speakers"][0]["biography"] = f"Bio {SCRIPT}"
    first = manifest["testimonies"][0]
    first["title"] = f"Leaving {SCRIPT} Tripoli"
    first["summary"] = f"Summary with {IMG} and a quokka."
    first["chapters"] = [{"start": "00:00:07", "title": f"Riots {SCRIPT}"}]
    transcripts = dict(TRANSCRIPTS)
    transcripts["transcripts/T-1.txt"] = (
        "[00:00:00] MIRIAM: The quokka said <script>alert('x')</script> in the hara.\n"
        '[00:00:04] MIRIAM: <img src=x onerror="alert(1)"> quokka &amp; friends.\n'
    )
    folder = make_collection(tmp_path_factory.mktemp("hostile") / "c", manifest, transcripts)
    settings = fresh_settings(tmp_path_factory.mktemp("hostile-data"))
    sessions = initialised(settings)
    assert run_ingest(folder, sessions=sessions, index_dir=settings.index_dir).clean
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/testimonies/T-1",
        "/testimonies/T-1?q=quokka",
        "/search?q=quokka",
        "/search?q=Tripoli",
        "/search?q=alert",
        "/search?q=riots",
        "/speakers/",
        "/speakers/miriam-toledano",
        "/talks/",
        "/request-a-talk/",
        "/countries/LY",
    ],
)
def test_markup_from_the_catalogue_is_escaped_on_every_page(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "alert(" not in page or "&lt;" in page  # present only as escaped text


def test_markup_is_escaped_in_snippets_and_json(hostile_client):
    found = hostile_client.get("/api/search?q=quokka").get_json()
    snippets = [m["snippet"] for hit in found["results"] for m in hit["moments"]]
    snippets += [hit["about_snippet"] or "" for hit in found["results"]]
    assert any("<mark>quokka</mark>" in s for s in snippets)
    for snippet in snippets:
        assert "<script" not in snippet and "<img" not in snippet
    assert any("&lt;script&gt;" in s or "&lt;img" in s for s in snippets)
    response = hostile_client.get("/api/testimonies/T-1")
    assert response.content_type == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["title"] == f"Leaving {SCRIPT} Tripoli"  # data, kept as given


def test_downloads_are_plain_text_not_html(hostile_client):
    for url in ("/testimonies/T-1/transcript.txt", "/testimonies/T-1/transcript-1.vtt"):
        response = hostile_client.get(url)
        assert response.status_code == 200
        assert response.mimetype in ("text/plain", "text/vtt")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "q",
    [
        "'; DROP TABLE testimonies; --",
        "1' OR '1'='1",
        '" OR 1=1 --',
        "Robert'); DELETE FROM segments;--",
        "title:* OR accession:*",
        "kind:testimony",
        "facts:anything",
        "* AND NOT *",
        "[a TO z]",
        "(((((((((((",
        "quokka^999999999999",
        "quokka~99",
        "%00\x00",
        "x" * 100_000,
    ],
)
def test_sql_and_whoosh_looking_queries_are_just_words(hostile_client, q):
    for url in ("/search", "/api/search"):
        for advanced in ("", "1"):
            response = hostile_client.get(url, query_string={"q": q, "advanced": advanced})
            assert response.status_code == 200, (url, q[:40])
    assert hostile_client.get("/api/search?q=quokka").get_json()["total"] == 1  # tables intact


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=quokka&page=abc",
        # (a page number too large for the catalogue is a 404: test_huge_numbers.py)
        "/search?q=quokka&per_page=-1",
        "/search?year_from=abc&year_to=%00",
        "/search?year_from=-99999999999999999999&sort=recorded",
        "/search?decade=19x0&country=%3Cscript%3E",
        "/search?theme=../../etc&language=&speaker=%FF",
        "/search?sort=__class__",
        "/api/search?q=quokka&page=abc&per_page=abc",
        "/api/search?year_from=1e309",
        "/testimonies/T-1?t=nan&part=1e9",
        "/testimonies/T-1?t=inf",
        "/testimonies/T-1?t=-inf&lang=%3Cscript%3E",
        "/speakers/?country=%FF%FE&format=zzz&available=maybe",
        "/talks/?when=sometime&programme=../../x",
    ],
)
def test_parameters_of_the_wrong_type_are_answered(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/testimonies/../../etc/passwd",
        "/testimonies/..%2F..%2Fetc%2Fpasswd",
        "/testimonies/T-1/../../archive.sqlite",
        "/testimonies/%2e%2e/%2e%2e/secret_key",
        "/testimonies/T-1/audio/0",
        "/testimonies/T-1/audio/-1",
        "/testimonies/T-1/audio/99",
        "/testimonies/..%2Fsecret_key/audio/1",
        "/static/../archive.sqlite",
        "/static/..%2Farchive.sqlite",
        "/static/%2e%2e/%2e%2e/instance/secret_key",
        "/api/testimonies/..%2F..%2Fetc%2Fpasswd",
        "/speakers/..%2F..%2Fetc",
    ],
)
def test_addresses_cannot_leave_the_archive(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 404, url
    body = response.get_data()
    assert b"root:" not in body and b"SQLite format" not in body


def test_oversize_bodies_and_wrong_methods_are_refused(hostile_client):
    big = {"organisation": "x" * (2 * 1024 * 1024)}
    assert hostile_client.post("/request-a-talk/", data=big).status_code == 413
    assert hostile_client.post("/search?q=x").status_code == 405
    assert hostile_client.delete("/testimonies/T-1").status_code == 405
