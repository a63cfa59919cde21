"""Per-request resources: a catalogue session opened on first use and closed
in teardown; the search index, shared by the app's threads (each keeps its own
searcher open across requests); and who is asking: the request's notion of
today, and whether a staff member is logged in."""

from __future__ import annotations

from datetime import date

from flask import Flask, current_app, g
from flask_login import current_user
from sqlalchemy.orm import Session

from archive.access import Asker
from archive.database import make_engine, make_session_factory
from archive.settings import Settings
from search.readers import SharedIndex, shared_index


def init_app(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings)
    app.extensions["testimony"] = {
        "settings": settings,
        "engine": engine,
        "sessions": make_session_factory(engine),
    }
    app.teardown_appcontext(_close_session)


def settings() -> Settings:
    return current_app.extensions["testimony"]["settings"]


def db() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["testimony"]["sessions"]()
    return g.db_session


def search_index() -> SharedIndex:
    """The index with this thread's searcher, kept open across requests
    (IndexMissing when there is none yet: a 503 page)."""
    return shared_index(settings().index_dir)


def today() -> date:
    """Access rules are decided against this day; tests may fix it in config."""
    fixed = current_app.config.get("TESTIMONY_TODAY")
    return fixed if fixed is not None else date.today()


def asker() -> Asker:
    """Who is asking in this request: the logged-in staff member (who sees
    restricted and embargoed material), or else the public; on today()."""
    if current_user.is_authenticated:
        return Asker.staff_member(today(), current_user.name)
    return Asker.public(today())


def _close_session(_exception: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
