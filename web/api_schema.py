"""The OpenAPI 3.1 document describing the JSON API."""

from __future__ import annotations

from search.facets import FACETS

# One repeatable query parameter per facet (?country=IQ&country=YE).
FILTER_PARAMETERS = [
    {
        "name": facet.name,
        "in": "query",
        "required": False,
        "description": facet.help,
        "schema": {"type": "array", "items": {"type": "integer" if facet.integer else "string"}},
        "style": "form",
        "explode": True,
    }
    for facet in FACETS
]


def _terms(description: str) -> dict:
    return {
        "type": "array",
        "description": description,
        "items": {
            "type": "object",
            "properties": {"id": {"type": "string"}, "label": {"type": "string"}},
        },
    }


NULLABLE_STRING = {"type": ["string", "null"]}
MOMENT = {
    "type": "object",
    "properties": {
        "part": {"type": "integer"},
        "start": {"type": "number", "description": "Seconds from the start of the part"},
        "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"},
        "speaker_label": NULLABLE_STRING,
        "kind": {"type": "string", "enum": ["segment", "chapter"]},
        "position": {"type": ["integer", "null"]},
    },
}
SEARCH_HIT = {
    "type": "object",
    "properties": {
        "accession": {"type": "string"},
        "title": {"type": "string"},
        "url": {
            **NULLABLE_STRING,
            "description": "The testimony's page (null from `testimony search --json`)",
        },
        "score": {"type": "number"},
        "moments": {
            "type": "array",
            "items": MOMENT,
            "description": "Up to three; the narrator's words before the interviewer's "
            "questions, which are shown only when nothing else matched",
        },
        "about_snippet": {
            **NULLABLE_STRING,
            "description": "What matched in the summary or a speaker's name or biography (HTML)",
        },
        "access_note": {**NULLABLE_STRING, "description": "Staff only: why it is hidden"},
        "exact_match": {
            "type": "boolean",
            "description": "The query was this testimony's accession number; listed first",
        },
        "speakers": _terms("Speakers: id and name"),
        "origin_countries": _terms("The speakers' countries of origin: ISO code and name"),
        "year_from": {"type": ["integer", "null"]},
        "year_to": {"type": ["integer", "null"]},
        "years": {"type": "string", "description": "The years it covers, e.g. 1941–1951"},
        "duration": {
            "type": ["number", "null"],
            "description": "Seconds of audio over all parts; null when unknown",
        },
        "parts": {"type": "integer", "description": "Number of recording parts"},
        "languages": _terms("Languages: ISO 639 code and name"),
    },
}
FACET_COUNTS = {
    "type": "object",
    "properties": {
        "truncated": {"type": "boolean"},
        "values": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "value": {"type": "string"},
                    "label": {"type": "string"},
                    "count": {"type": "integer"},
                    "selected": {"type": "boolean"},
                },
            },
        },
    },
}
SEARCH_RESULTS = {
    "type": "object",
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "pages": {"type": "integer"},
        "sort": {"type": "string"},
        "message": NULLABLE_STRING,
        "suggestion": NULLABLE_STRING,
        "notices": {
            "type": "array",
            "items": {"type": "string"},
            "description": "What the search limits changed: wildcards left out or capped, "
            "a search stopped by its time budget or turned away while the server was busy",
        },
        "cut_short": {
            "type": "boolean",
            "description": "True when the search stopped before it was complete",
        },
        "results": {"type": "array", "items": SEARCH_HIT},
        "facets": {
            "type": "object",
            "description": "Per facet: values with counts, most frequent first "
            "(decades in the order of time)",
            "properties": {
                facet.name: {**FACET_COUNTS, "description": f"{facet.title}: {facet.help}"}
                for facet in FACETS
            },
        },
    },
}


def _get(
    summary: str,
    parameters: list | None = None,
    *,
    found: bool = False,
    schema: dict | None = None,
    rate_limited: bool = False,
) -> dict:
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": schema or {"type": "object"}}},
        }
    }
    if found:
        responses["404"] = {"description": "No such record, or not visible to you"}
    if rate_limited:
        responses["429"] = {
            "description": "Too many searches from this address: try again after the "
            "number of seconds in the Retry-After header",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        }
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
                "Search testimonies: results with moments, facets",
                search_parameters,
                schema=SEARCH_RESULTS,
                rate_limited=True,
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
                    _query("went_to", "string", "Country the speaker went to"),
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
