"""Speaker programmes with their talks, and the talks list (upcoming, past)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from archive.programmes.queries import TalkFilters, find_talks, get_programme, list_programmes
from web import resources
from web.listing_params import talk_filters

blueprint = Blueprint("programmes", __name__)


@blueprint.get("/programmes/")
def index():
    return render_template("programmes/index.html", programmes=list_programmes(resources.db()))


@blueprint.get("/programmes/<slug>")
def detail(slug: str):
    session, asker = resources.db(), resources.asker()
    programme = get_programme(session, slug)
    talks = find_talks(session, TalkFilters(programme=slug), asker=asker)
    return render_template(
        "programmes/detail.html", programme=programme, talks=talks, today=asker.today
    )


@blueprint.get("/talks/")
def talks():
    filters = talk_filters(request.args)
    asker = resources.asker()
    found = find_talks(resources.db(), filters, asker=asker)
    return render_template(
        "programmes/talks.html",
        talks=found,
        filters=filters,
        programmes=list_programmes(resources.db()),
        today=asker.today,
    )
