"""Answers from the catalogue remembered until it changes: what the home page,
the country and speaker pages show is read once per catalogue version and
visibility (archive.access.Asker.visibility: the day, public or staff), not on
every request. Each app (each worker process) keeps its own; the version is
read from the catalogue, so every worker sees a change when it is committed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g

from archive.access import Asker
from archive.catalogue_version import catalogue_version
from web import resources

Answer = TypeVar("Answer")

# Bounds memory when many different arguments are asked (countries, themes,
# speaker-finder filters): past it, everything is forgotten and read again.
REMEMBERED_ANSWERS = 512


class CatalogueCache:
    """Answers of one catalogue version; a newer version forgets them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._answers: dict[tuple, object] = {}

    def get(self, version: tuple, key: tuple, compute: Callable[[], Answer]) -> Answer:
        with self._lock:
            if version != self._version:
                self._version, self._answers = version, {}
            if key in self._answers:
                return self._answers[key]  # type: ignore[return-value]
        # Read outside the lock: a slow query must not hold up other answers.
        # The version was read first, so an answer is never older than its key.
        answer = compute()
        with self._lock:
            if version == self._version:
                if len(self._answers) >= REMEMBERED_ANSWERS:
                    self._answers.clear()
                self._answers[key] = answer
        return answer


def init_app(app: Flask) -> None:
    app.extensions["testimony"]["catalogue_cache"] = CatalogueCache()


def remembered(
    query: Callable[..., Answer], *args, asker: Asker | None = None, **options
) -> Answer:
    """query(session, *args, asker=asker, **options) as of this request's catalogue
    version, for the request's asker unless another is given. Answers are
    shared between askers of the same visibility, never across visibilities,
    so what staff see is never shown to the public; callers must not change
    them (records are frozen; lists are not copied)."""
    asker = asker or resources.asker()
    session = resources.db()
    if "catalogue_version" not in g:
        g.catalogue_version = catalogue_version(session)
    cache: CatalogueCache = current_app.extensions["testimony"]["catalogue_cache"]
    key = (query.__module__, query.__qualname__, args, tuple(options.items()), asker.visibility)
    answer = lambda: query(session, *args, asker=asker, **options)  # noqa: E731
    return cache.get(g.catalogue_version, key, answer)
