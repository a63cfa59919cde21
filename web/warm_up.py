"""Work every first request would pay for, done when the app is made: each
worker process does it once, after the fork, before it answers anyone."""

from __future__ import annotations

import contextlib
import gc

from flask import Flask

from archive.catalogue_version import catalogue_version
from archive.settings import Settings
from archive.vocabularies import language_name
from search.errors import SearchError
from search.readers import shared_index
from search.suggest import vocabulary_terms
from web import resources


def warm_up(app: Flask, settings: Settings) -> None:
    """The index's facts table (most of the 1.5 s the first search after start
    took at 2,000 testimonies), every template compiled (0.2 s), the language
    names and the vocabularies' terms ("did you mean" never corrects them), a
    connection to the catalogue. A site without an index yet, or with one to
    rebuild, starts all the same: its search pages say so."""
    with contextlib.suppress(SearchError):
        shared_index(settings.index_dir).warm_up()
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    language_name("en")
    vocabulary_terms()
    with app.app_context():
        _read_catalogue_version()
    # What was just read lives as long as the process (or the index version):
    # collected once now, then left out of the collector's full passes, which
    # otherwise walked it during the first search (60 ms of its 135 ms of CPU
    # at 2,000 testimonies). Frozen objects are still freed when no longer
    # referenced; only a reference cycle among them would outlive its use.
    gc.collect()
    gc.freeze()


def _read_catalogue_version() -> None:
    """Connects and compiles the version's statements (every page reads it)."""
    # An unreachable database is told at the first request, as without warm-up.
    with contextlib.suppress(Exception):
        catalogue_version(resources.db())
