"""The home page and the search results page."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from archive.queries import count_testimonies, list_testimonies
from search.searcher import search_testimonies
from web import resources

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    session, today, staff = resources.db(), resources.today(), resources.is_staff()
    testimonies = list_testimonies(session, today=today, staff=staff)
    return render_template(
        "home/index.html",
        testimonies=testimonies,
        total=count_testimonies(session, today=today, staff=staff),
    )


@blueprint.get("/search")
def search():
    query = request.args.get("q", "")
    page = request.args.get("page", 1, type=int) or 1
    results = search_testimonies(
        resources.search_index(),
        query,
        today=resources.today(),
        staff=resources.is_staff(),
        page=page,
    )
    return render_template("search/results.html", results=results)
