"""Work every first request would pay for, done when the app is made: each
worker process does it once, after the fork, before it answers anyone."""

from __future__ import annotations

import contextlib

from flask import Flask

from archive.settings import Settings
from archive.vocabularies import language_name
from search.errors import SearchError
from search.readers import shared_index
from search.suggest import vocabulary_terms


def warm_up(app: Flask, settings: Settings) -> None:
    """The index's facts table (most of the 1.5 s the first search after start
    took at 2,000 testimonies), every template compiled (0.2 s), the language
    names and the vocabularies' terms ("did you mean" never corrects them).
    A site without an index yet, or with one to rebuild, starts all the same:
    its search pages say so."""
    with contextlib.suppress(SearchError):
        shared_index(settings.index_dir).warm_up()
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    language_name("en")
    vocabulary_terms()
