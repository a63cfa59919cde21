"""Template filters and the context every page shares (the collection banner)."""

from __future__ import annotations

from flask import Flask, request

from archive.testimonies.browse import country_label
from archive.testimonies.queries import visible_collections
from archive.timecodes import clock, human_duration
from archive.vocabularies import language_name
from web.catalogue_cache import remembered


def init_app(app: Flask) -> None:
    app.add_template_filter(timecode)
    app.add_template_filter(duration)
    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(country_label, "country_name")
    app.context_processor(_shared_context)


def timecode(seconds: float | None) -> str:
    return "" if seconds is None else clock(seconds)


def duration(seconds: float | None) -> str:
    return human_duration(seconds) if seconds else "unknown length"


def _shared_context() -> dict[str, object]:
    # Error pages may render before the database is reachable: no banner then.
    try:
        collections = remembered(visible_collections)
    except Exception:
        collections = []
    notices = [c for c in collections if c.fictional or c.notice]
    return {"collection_notices": notices, "search_query": request.args.get("q", "")}
