"""The JSON API mirrors the pages, keeps their access rules, and is described
by an OpenAPI document that validates."""

from __future__ import annotations

from openapi_spec_validator import validate


def test_search_api_has_results_moments_and_facets(client):
    body = client.get("/api/search?q=riots&country=LY").get_json()
    assert body["total"] == 1 and body["results"][0]["accession"] == "T-1"
    assert body["results"][0]["moments"][0]["start"] == 7.0
    assert body["results"][0]["url"] == "http://localhost/testimonies/T-1"
    assert {v["value"] for v in body["facets"]["country"]["values"]} == {"LY"}


def test_testimony_api_hides_file_paths_and_restricted_records(client):
    body = client.get("/api/testimonies/T-1").get_json()
    assert body["accession"] == "T-1" and body["segments"][1]["speaker_label"] == "MIRIAM"
    assert "path" not in body["recordings"][0]
    assert body["recordings"][0]["url"] == "http://localhost/testimonies/T-1/audio/1"
    missing = client.get("/api/testimonies/T-3")
    assert missing.status_code == 404 and missing.get_json()["error"] == "Not found"
    assert "zygomorphic" not in missing.get_data(as_text=True)


def test_speakers_programmes_talks_api(client):
    speakers = client.get("/api/speakers?country=LY").get_json()
    assert [s["slug"] for s in speakers["speakers"]] == ["miriam-toledano"]
    speaker = client.get("/api/speakers/miriam-toledano").get_json()
    assert speaker["testimonies"] == [{"accession": "T-1", "title": "Testimony T-1"}]
    assert client.get("/api/programmes").get_json()["programmes"][0]["slug"] == "spring-season"
    talks = client.get("/api/talks?when=past").get_json()
    assert talks["talks"][0]["date"] == "2026-03-10"


def test_openapi_document_validates_and_lists_every_endpoint(client):
    document = client.get("/api/openapi.json").get_json()
    validate(document)
    assert set(document["paths"]) == {
        "/api/search",
        "/api/testimonies/{accession}",
        "/api/speakers",
        "/api/speakers/{id}",
        "/api/programmes",
        "/api/talks",
    }
