"""Ingest without a manifest: each transcript file becomes a restricted testimony."""

from __future__ import annotations

from datetime import date

import pytest

from archive.access import Asker
from archive.testimonies.queries import get_testimony, list_testimonies
from ingest.errors import UsageError
from ingest.pipeline import run_ingest
from tests.collections import write_wav
from tests.conftest import initialised

TODAY = date(2026, 11, 21)
HEADER = "Title: A garden in Basra\nAccession: OH-77\nDate: 3/14/2019\nLanguage: English\n\n"
TEXT = "[00:00:00] INTERVIEWER: Tell me.\n[00:00:05] SALIM: We had a garden in Basra.\n"


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "Basra interviews"
    folder.mkdir()
    (folder / "salim.txt").write_text(HEADER + TEXT, encoding="utf-8")
    write_wav(folder / "salim.wav", 10)
    (folder / "untitled_tape.txt").write_text(TEXT, encoding="utf-8")
    return folder


def test_each_transcript_becomes_a_restricted_testimony(folder, empty_settings):
    sessions = initialised(empty_settings)
    report = run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir)
    assert not report.errors
    assert report.outcomes["testimony"] == {"added": 2}
    with sessions() as session:
        assert list_testimonies(session, asker=Asker.public(TODAY)) == []
        record = get_testimony(session, "OH-77", asker=Asker.staff_member(TODAY))
    assert (record.title, record.recorded, record.languages, record.access) == (
        "A garden in Basra",
        "2019-03-14",
        ("en",),
        "restricted",
    )
    assert record.collection.slug == "basra-interviews"
    assert record.recordings[0].path.endswith("salim.wav") and record.recordings[0].readable
    assert record.segments[1].text == "We had a garden in Basra."


def test_the_report_says_what_each_file_lacks(folder, empty_settings):
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    by_item = {p.item: p.message for p in report.problems}
    assert by_item["OH-77"] == (
        "no manifest: missing speakers, summary, countries, years, "
        "themes; catalogued as restricted until a manifest sets its access"
    )
    assert by_item["untitled_tape"].startswith(
        "no manifest: missing speakers, recorded, languages, summary, countries, years, themes, audio"
    )


def test_a_single_file_can_be_ingested(folder, empty_settings):
    sessions = initialised(empty_settings)
    report = run_ingest(
        folder / "untitled_tape.txt", sessions=sessions, index_dir=empty_settings.index_dir
    )
    assert report.outcomes["testimony"] == {"added": 1}
    with sessions() as session:
        assert get_testimony(session, "untitled_tape", asker=Asker.staff_member(TODAY)).title == (
            "Untitled tape"
        )
    assert not any("not referenced" in p.message for p in report.problems)


def test_a_folder_with_nothing_to_ingest_is_a_usage_error(tmp_path, empty_settings):
    (tmp_path / "notes.md").write_text("hello")
    with pytest.raises(UsageError, match="or transcript files"):
        run_ingest(
            tmp_path, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
        )


def test_an_unreadable_file_is_reported_and_the_others_ingested(folder, empty_settings):
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00")
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    assert [p.file for p in report.errors] == ["broken.txt"]
    assert report.outcomes["testimony"] == {"added": 2}
