"""The JSON API, mirroring the pages, described by /api/openapi.json.

Same access rules as the pages: what the public may not see does not exist.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask import Blueprint, current_app, jsonify, request

from archive.programmes.queries import find_talks, list_programmes
from archive.speakers.queries import find_speakers, get_speaker, speaker_testimonies
from archive.testimonies.queries import get_testimony
from search.searcher import search_testimonies
from web import resources
from web.addresses import external_url, site_root, without_server_paths
from web.api_schema import openapi_document
from web.listing_params import speaker_filters, talk_filters
from web.search_params import filters_from, sort_from
from web.url_numbers import whole_number

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
    args = request.args
    page = max(1, min(whole_number("page", 1) or 1, 1000))
    per_page = max(1, min(whole_number("per_page", 20) or 20, 100))
    found = search_testimonies(
        resources.search_index(),
        args.get("q", ""),
        today=resources.today(),
        staff=resources.is_staff(),
        filters=filters_from(args),
        sort=sort_from(args),
        page=page,
        per_page=per_page,
        advanced=args.get("advanced") == "1",
        time_budget=current_app.config["SEARCH_TIME_BUDGET"],
    )
    return jsonify(
        _jsonable(
            {
                "query": found.query,
                "total": found.total,
                "page": found.page,
                "per_page": found.per_page,
                "pages": found.pages,
                "sort": found.sort,
                "message": found.message,
                "suggestion": found.suggestion,
                "notices": found.notices,
                "cut_short": found.cut_short,
                "results": [
                    {
                        **asdict(hit),
                        "url": external_url("testimonies.detail", accession=hit.accession),
                    }
                    for hit in found.results
                ],
                "facets": {
                    f.name: {"truncated": f.truncated, "values": [asdict(v) for v in f.values]}
                    for f in found.facets
                },
            }
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
    found = find_speakers(
        resources.db(),
        speaker_filters(request.args),
        asker=resources.asker(),
    )
    return jsonify(_jsonable({"total": len(found), "speakers": [_speaker(s) for s in found]}))


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
