"""The OpenAPI 3.1 document describing the JSON API."""

from __future__ import annotations

FILTER_PARAMETERS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "array", "items": {"type": kind}},
        "style": "form",
        "explode": True,
    }
    for name, kind, description in [
        ("country", "string", "ISO 3166 alpha-2 code, e.g. IQ"),
        ("theme", "string", "Theme id; includes narrower themes"),
        ("language", "string", "ISO 639 code"),
        ("speaker", "string", "Speaker id"),
        ("collection", "string", "Collection id"),
        ("decade", "integer", "First year of a decade, e.g. 1940"),
    ]
]


def _get(summary: str, parameters: list | None = None, *, found: bool = False) -> dict:
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }
    if found:
        responses["404"] = {"description": "No such record, or not visible to you"}
    return {"get": {"summary": summary, "parameters": parameters or [], "responses": responses}}


def _path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _query(name: str, kind: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind},
    }


def openapi_document(server: str) -> dict:
    search_parameters = [
        _query("q", "string", 'Words or "a phrase"; empty to browse the filters'),
        *FILTER_PARAMETERS,
        _query("from", "integer", "Testimonies covering this year or later"),
        _query("to", "integer", "Testimonies covering this year or earlier"),
        _query("sort", "string", "relevance, recorded or accession"),
        _query("advanced", "string", "1 to accept AND/OR/NOT, prefix* and field:value"),
        _query("page", "integer", "Page, from 1"),
        _query("per_page", "integer", "Results per page, 1 to 100"),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Testimony API",
            "version": "1",
            "description": "Search and read the testimonies, speakers, programmes and "
            "talks of this archive. Restricted and embargoed material is "
            "not visible.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/search": _get(
                "Search testimonies: results with moments, facets", search_parameters
            ),
            "/api/testimonies/{accession}": _get(
                "One testimony with recordings, transcript and chapters",
                [_path_param("accession")],
                found=True,
            ),
            "/api/speakers": _get(
                "Find speakers",
                [
                    _query("country", "string", "Country of origin"),
                    _query("theme", "string", "Theme the speaker speaks on"),
                    _query("language", "string", "ISO 639 code"),
                    _query("format", "string", "in_person or virtual"),
                    _query("from", "integer", "Left in this year or later"),
                    _query("to", "integer", "Left in this year or earlier"),
                    _query("available", "string", "1: only speakers taking requests"),
                ],
            ),
            "/api/speakers/{id}": _get(
                "One speaker with testimonies", [_path_param("id")], found=True
            ),
            "/api/programmes": _get("Speaker programmes"),
            "/api/talks": _get(
                "Talks",
                [
                    _query("when", "string", "upcoming, past or all"),
                    _query("programme", "string", "Programme id"),
                    _query("speaker", "string", "Speaker id"),
                    _query("format", "string", "in_person or virtual"),
                ],
            ),
        },
    }
