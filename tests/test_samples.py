"""The demo collection in samples/ ingests cleanly and shows what it should."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from archive.access import Asker
from archive.testimonies.queries import list_testimonies
from ingest.pipeline import run_ingest
from search.index import open_index
from search.searcher import search_testimonies
from tests.conftest import TODAY
from tests.postgres import ENABLED as POSTGRES
from tests.server import running_server

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAGES = [
    "/",
    "/search?q=Baghdad",
    "/testimonies/MV-0001",
    "/speakers/",
    "/programmes/",
    "/talks/",
    "/countries/",
    "/themes/",
    "/request-a-talk/",
    "/no-such-page",
]


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
        public = {t.accession for t in list_testimonies(session, asker=Asker.public(TODAY))}
        everything = {
            t.accession for t in list_testimonies(session, asker=Asker.staff_member(TODAY))
        }
    hidden = everything - public
    assert hidden, "the samples include testimonies the public cannot see"
    with sessions() as session:
        rows = list_testimonies(session, asker=Asker.staff_member(TODAY))
    assert any(t.access == "embargoed" and t.accession in public for t in rows)


def test_a_word_from_a_sample_transcript_finds_its_moment(samples_archive):
    settings, _sessions, _first = samples_archive
    results = search_testimonies(
        open_index(settings.index_dir), "Farhud", asker=Asker.public(TODAY)
    )
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
    if not POSTGRES:
        assert (tmp_path / "demo-data" / "archive.sqlite").is_file()
    assert (tmp_path / "demo-data" / "index").is_dir()


def test_the_collection_is_as_large_and_varied_as_promised(samples_archive):
    _settings, sessions, _report = samples_archive
    from archive.speakers.queries import SpeakerFilters, find_speakers

    with sessions() as session:
        everything = list_testimonies(session, asker=Asker.staff_member(TODAY))
        speakers = find_speakers(session, SpeakerFilters(), asker=Asker.staff_member(TODAY))
    assert len(everything) >= 24 and len(speakers) >= 12
    countries = {c.id for t in everything for c in t.countries}
    assert len(countries) >= 12
    years = [y for t in everything for y in (t.year_from, t.year_to) if y]
    assert min(years) <= 1941 and max(years) >= 1990
    suffixes = {p.suffix for p in (SAMPLES / "transcripts").iterdir()}
    assert {".txt", ".vtt", ".srt", ".xml", ".docx"} <= suffixes
    audio = {p.suffix for p in (SAMPLES / "audio").iterdir()}
    assert {".mp3", ".m4a", ".flac", ".ogg", ".opus", ".wav"} <= audio
    size = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert size < 15 * 1024 * 1024


def test_programmes_and_talks_past_and_upcoming(samples_archive):
    _settings, sessions, _report = samples_archive
    from archive.programmes.queries import TalkFilters, find_talks, list_programmes

    with sessions() as session:
        programmes = list_programmes(session)
        talks = find_talks(session, TalkFilters(), asker=Asker.public(TODAY))
    assert {p.kind for p in programmes} >= {"campus_season", "commemoration", "virtual_series"}
    assert len(talks) >= 30
    assert any(t.upcoming(TODAY) for t in talks) and any(not t.upcoming(TODAY) for t in talks)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_shows_the_fictional_banner(samples_client, url):
    page = samples_client.get(url).get_data(as_text=True)
    assert "Every testimony and every speaker in this collection is fictional" in page


def test_translation_and_right_to_left_passages_are_shown(samples_client):
    french = samples_client.get("/testimonies/MV-0009").get_data(as_text=True)
    # The original and its translation side by side (issue 13), each marked with its language.
    assert '<ol class="transcript original bilingual" lang="fr">' in french
    assert '<div class="translation" lang="en">' in french and "> English</label>" in french
    rtl = samples_client.get("/testimonies/MV-0017").get_data(as_text=True)
    assert 'dir="auto"' in rtl and any("\u0590" <= ch <= "\u05ff" for ch in rtl)


def test_access_examples(samples_client):
    assert samples_client.get("/testimonies/MV-0007").status_code == 404  # restricted
    assert samples_client.get("/testimonies/MV-0008").status_code == 404  # embargoed to 2099
    assert samples_client.get("/testimonies/MV-0005").status_code == 200  # embargo ended 2020
