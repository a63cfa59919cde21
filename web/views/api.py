"""The JSON API, mirroring the pages, described by /api/openapi.json.

Same access rules as the pages: what the public may not see does not exist.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask import Blueprint, jsonify, request

from archive.programmes.queries import find_talks, list_programmes
from archive.speakers.queries import find_speakers, get_speaker, speaker_testimonies
from archive.testimonies.queries import get_testimony
from search.results import results_json
from web import resources
from web.addresses import external_url, site_root, without_server_paths
from web.api_schema import openapi_document
from web.catalogue_cache import remembered
from web.listing_params import speaker_filters, talk_filters
from web.search_params import run_search, search_request_from_query_string

blueprint = Blueprint("api", __name__, url_prefix="/api")


def _jsonable(value):
    """Dataclasses, tuples and dates as JSON values."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@blueprint.get("/search")
def search():
    asked = search_request_from_query_string()
    found = run_search(asked)
    return jsonify(
        results_json(
            found, lambda accession: external_url("testimonies.detail", accession=accession)
        )
    )


@blueprint.get("/testimonies/<path:accession>")
def testimony(accession: str):
    record = get_testimony(resources.db(), accession, asker=resources.asker())
    body = asdict(record)
    for recording in body["recordings"]:
        path = recording.pop("path")  # where the file lies on the server is nobody's business
        recording["problem"] = without_server_paths(recording["problem"], path)
        recording["url"] = external_url(
            "testimonies.audio", accession=accession, part=recording["part"]
        )
    return jsonify(_jsonable(body))


@blueprint.get("/speakers")
def speakers():
    # Made once per catalogue change, filters and site address (the portraits' URLs).
    return jsonify(remembered(_speakers_answer, speaker_filters(request.args), site_root()))


def _speakers_answer(session, filters, _site_root: str, *, asker) -> dict:
    found = find_speakers(session, filters, asker=asker)
    return _jsonable({"total": len(found), "speakers": [_speaker(s) for s in found]})


@blueprint.get("/speakers/<slug>")
def speaker(slug: str):
    session, asker = resources.db(), resources.asker()
    record = get_speaker(session, slug, asker=asker)
    testimonies = speaker_testimonies(session, slug, asker=asker)
    return jsonify(
        _jsonable(
            {
                **_speaker(record),
                "testimonies": [{"accession": t.accession, "title": t.title} for t in testimonies],
            }
        )
    )


def _speaker(record) -> dict:
    """A speaker as the API gives it: the portrait's address, never its file."""
    answer = asdict(record)
    has_portrait = answer.pop("portrait_path", None) is not None
    answer["portrait"] = (
        external_url("speakers.portrait", slug=record.slug) if has_portrait else None
    )
    return answer


@blueprint.get("/programmes")
def programmes():
    return jsonify(_jsonable({"programmes": [asdict(p) for p in list_programmes(resources.db())]}))


@blueprint.get("/talks")
def talks():
    found = find_talks(
        resources.db(),
        talk_filters(request.args),
        asker=resources.asker(),
    )
    return jsonify(_jsonable({"total": len(found), "talks": [asdict(t) for t in found]}))


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(site_root()))
