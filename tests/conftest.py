"""Shared fixtures: a small fictional collection made in a temporary folder,
ingested once per session into a real SQLite file and a real Whoosh index."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from archive.database import make_engine, make_session_factory, upgrade_database
from archive.settings import Settings
from ingest.pipeline import run_ingest
from tests.collections import make_collection
from tests.postgres import ENABLED as POSTGRES
from tests.postgres import database_url_for, stop_server
from web.app import create_app
from web.cli import main

TODAY = date(2026, 11, 21)


def fresh_settings(folder: Path) -> Settings:
    """Settings for a test data folder: its SQLite file, or with
    TESTIMONY_TEST_POSTGRES=1 a database of its own on a real PostgreSQL server."""
    return Settings.from_environ(
        {
            "TESTIMONY_DATA_DIR": str(folder),
            "TESTIMONY_SECRET_KEY": "test-secret",
            "TESTIMONY_DATABASE_URL": database_url_for(folder),
            # tests search more often than a visitor; test_search_bounds tests the limit
            "TESTIMONY_SEARCH_RATE_LIMIT": "off",
        }
    )


def pytest_configure(config) -> None:
    if POSTGRES:
        # Engines made by tests are not disposed; SQLite's driver closes their
        # pooled connections silently, psycopg warns as they are collected.
        for line in (
            "ignore:.*was deleted while still open:ResourceWarning",
            "ignore:Exception ignored in.*BaseConnection.__del__"
            ":pytest.PytestUnraisableExceptionWarning",
        ):
            config.addinivalue_line("filterwarnings", line)


def pytest_sessionfinish(session, exitstatus) -> None:
    if POSTGRES:
        # Close the pools of the engines still alive (apps and fixtures of the
        # whole session) before the server stops and before pytest looks for
        # connections collected while open.
        gc.collect()
        for engine in [o for o in gc.get_objects() if isinstance(o, Engine)]:
            engine.dispose()
        gc.collect()
    stop_server()


def initialised(settings: Settings):
    """A migrated catalogue for settings: its session factory."""
    engine = make_engine(settings)
    upgrade_database(engine)
    return make_session_factory(engine)


def ingested(folder: Path, collection: Path):
    """collection ingested cleanly into the data folder of its own for tests that
    write (accounts, sessions, requests): its settings and session factory."""
    settings = fresh_settings(folder)
    sessions = initialised(settings)
    report = run_ingest(collection, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    return settings, sessions


@pytest.fixture(scope="session")
def collection_dir(tmp_path_factory) -> Path:
    return make_collection(tmp_path_factory.mktemp("collection") / "test-voices")


@pytest.fixture(scope="session")
def archive_settings(tmp_path_factory, collection_dir) -> Settings:
    """A data directory holding the test collection, ingested once; read-only for tests."""
    settings = fresh_settings(tmp_path_factory.mktemp("data"))
    report = run_ingest(
        collection_dir, sessions=initialised(settings), index_dir=settings.index_dir
    )
    assert report.clean, [str(p) for p in report.problems]
    return settings


@pytest.fixture(scope="session")
def sessions(archive_settings):
    return make_session_factory(make_engine(archive_settings))


@pytest.fixture
def empty_settings(tmp_path) -> Settings:
    return fresh_settings(tmp_path / "data")


@pytest.fixture
def app(archive_settings):
    return create_app(archive_settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(archive_settings):
    """Run the `testimony` CLI against a data directory, as a user would."""
    runner = CliRunner()

    def invoke(*args: str, data_dir: Path | None = None, input: str | None = None):
        folder = data_dir or archive_settings.data_dir
        return runner.invoke(
            main,
            list(args),
            input=input,
            env={
                "TESTIMONY_DATA_DIR": str(folder),
                "TESTIMONY_DATABASE_URL": database_url_for(folder),
            },
            catch_exceptions=False,
        )

    return invoke


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="session")
def samples_archive(tmp_path_factory):
    """samples/ ingested once per test session: for read-only checks only."""
    settings = fresh_settings(tmp_path_factory.mktemp("samples-data"))
    sessions = initialised(settings)
    report = run_ingest(SAMPLES, sessions=sessions, index_dir=settings.index_dir)
    return settings, sessions, report


@pytest.fixture(scope="session")
def samples_client(samples_archive):
    settings, _sessions, _report = samples_archive
    app = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})
    return app.test_client()
