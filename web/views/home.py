"""The home page."""

from __future__ import annotations

from flask import Blueprint, render_template

from archive.queries import count_testimonies, list_testimonies
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
