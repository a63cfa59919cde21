"""An app made as `testimony serve` makes it (not TESTING) reads the index and
compiles its templates before the first request (web.warm_up); it still starts
without an index, or with one to rebuild, and answers as a cold app would."""

from __future__ import annotations

import gc

import pytest

from search.index import VERSION_FILE, create_index
from tests.conftest import TODAY, initialised
from web.app import create_app

PAGES = ["/", "/search?q=orchard", "/api/search?q=Tripoli", "/countries/LY", "/speakers/"]


@pytest.fixture(autouse=True)
def unfrozen():
    """The warm-up hides what exists from the garbage collector (gc.freeze): a
    server keeps it, the test process gives it back (tests/conftest.py looks
    for engines left open among the collector's objects)."""
    yield
    gc.unfreeze()


def served(settings):
    return create_app(settings, {"TESTIMONY_TODAY": TODAY})


def test_a_warmed_app_answers_as_a_cold_one(archive_settings):
    warmed = served(archive_settings)
    assert warmed.jinja_env.cache, "the templates were compiled before any request"
    assert gc.get_freeze_count() > 0, "what the warm-up read is left out of full collections"
    cold = create_app(archive_settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})
    for url in PAGES:
        answer, expected = warmed.test_client().get(url), cold.test_client().get(url)
        assert answer.status_code == expected.status_code == 200, url
    assert (
        warmed.test_client().get("/api/search?q=Tripoli").get_json()
        == cold.test_client().get("/api/search?q=Tripoli").get_json()
    )


def test_it_starts_without_an_index_and_says_so(empty_settings):
    initialised(empty_settings)
    app = served(empty_settings)
    assert app.test_client().get("/search?q=orchard").status_code == 503


def test_it_starts_with_an_index_to_rebuild(empty_settings):
    initialised(empty_settings)
    create_index(empty_settings.index_dir)
    (empty_settings.index_dir / VERSION_FILE).write_text("0")  # an older schema
    app = served(empty_settings)
    assert app.test_client().get("/search?q=orchard").status_code == 503
