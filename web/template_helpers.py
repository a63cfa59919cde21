"""Template filters and the context every page shares (the collection banner)."""

from __future__ import annotations

from flask import Flask, request

from archive.browse_queries import country_label
from archive.queries import visible_collections
from archive.vocabularies import language_name
from web import resources


def init_app(app: Flask) -> None:
    app.add_template_filter(timecode)
    app.add_template_filter(duration)
    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(country_label, "country_name")
    app.context_processor(_shared_context)


def timecode(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def duration(seconds: float | None) -> str:
    if not seconds:
        return "unknown length"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _shared_context() -> dict[str, object]:
    # Error pages may render before the database is reachable: no banner then.
    try:
        collections = visible_collections(
            resources.db(), today=resources.today(), staff=resources.is_staff()
        )
    except Exception:
        collections = []
    notices = [c for c in collections if c.fictional or c.notice]
    return {"collection_notices": notices, "search_query": request.args.get("q", "")}
