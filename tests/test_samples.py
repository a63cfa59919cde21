"""The demo collection in samples/ ingests cleanly and shows what it should."""

from __future__ import annotations

import urllib.request
from datetime import date
from pathlib import Path

import pytest

from archive.queries import list_testimonies
from ingest.pipeline import run_ingest
from search.index import open_index
from search.searcher import search_testimonies
from tests.conftest import fresh_settings, initialised
from tests.server import running_server

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TODAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def samples_archive(tmp_path_factory):
    settings = fresh_settings(tmp_path_factory.mktemp("samples-data"))
    sessions = initialised(settings)
    first = run_ingest(SAMPLES, sessions=sessions, index_dir=settings.index_dir)
    return settings, sessions, first


def test_samples_ingest_with_no_problems(samples_archive):
    _settings, _sessions, report = samples_archive
    assert [str(p) for p in report.problems] == []
    assert report.outcomes["testimony"]["added"] >= 8


def test_a_second_ingest_of_samples_changes_nothing(samples_archive):
    settings, sessions, _first = samples_archive
    again = run_ingest(SAMPLES, sessions=sessions, index_dir=settings.index_dir)
    assert again.clean and again.indexed == 0
    assert all(set(counter) == {"unchanged"} for counter in again.outcomes.values())


def test_samples_are_labelled_fictional(samples_archive):
    manifest = (SAMPLES / "manifest.yaml").read_text()
    assert "fictional: true" in manifest
    assert "fictional" in (SAMPLES / "README.md").read_text().lower()


def test_sample_access_rules(samples_archive):
    _settings, sessions, _first = samples_archive
    with sessions() as session:
        public = {t.accession for t in list_testimonies(session, today=TODAY, staff=False)}
        everything = {t.accession for t in list_testimonies(session, today=TODAY, staff=True)}
    hidden = everything - public
    assert hidden, "the samples include testimonies the public cannot see"
    with sessions() as session:
        rows = list_testimonies(session, today=TODAY, staff=True)
    assert any(t.access == "embargoed" and t.accession in public for t in rows)


def test_a_word_from_a_sample_transcript_finds_its_moment(samples_archive):
    settings, _sessions, _first = samples_archive
    results = search_testimonies(open_index(settings.index_dir), "Farhud", today=TODAY)
    assert results.total >= 1
    moment = results.results[0].moments[0]
    assert "<mark>Farhud</mark>" in moment.snippet and moment.start >= 0


def test_demo_command_ingests_samples_and_serves_them(tmp_path):
    with running_server(tmp_path / "demo-data", command=("demo",), timeout=60) as base:
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            home = response.read().decode()
        assert "fictional" in home.lower()
        with urllib.request.urlopen(base + "/search?q=Farhud", timeout=10) as response:
            results = response.read().decode()
        assert "<mark>Farhud</mark>" in results
    assert (tmp_path / "demo-data" / "archive.sqlite").is_file()
    assert (tmp_path / "demo-data" / "index").is_dir()
