"""Per-request resources: a catalogue session and an index searcher's index,
opened on first use and closed in teardown; and the request's notion of today."""

from __future__ import annotations

from datetime import date

from flask import Flask, current_app, g
from sqlalchemy.orm import Session
from whoosh.index import FileIndex

from archive.database import make_engine, make_session_factory
from archive.settings import Settings
from search.index import open_index


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


def search_index() -> FileIndex:
    if "search_index" not in g:
        g.search_index = open_index(settings().index_dir)
    return g.search_index


def today() -> date:
    """Access rules are decided against this day; tests may fix it in config."""
    fixed = current_app.config.get("TESTIMONY_TODAY")
    return fixed if fixed is not None else date.today()


def is_staff() -> bool:
    # Staff accounts arrive with the access-rules issue; until then nobody is.
    return False


def _close_session(_exception: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
