"""The pipeline: catalogue and index written, re-runs safe, problems precise."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from archive import models
from archive.access import Asker
from archive.models import IngestRun
from archive.testimonies.queries import get_testimony
from ingest.errors import UsageError
from ingest.pipeline import run_ingest
from search.index import indexed_accessions, open_index
from tests.collections import default_manifest, make_collection, testimony_entry
from tests.conftest import initialised

TODAY = date(2026, 11, 21)


@pytest.fixture
def workspace(tmp_path, empty_settings):
    """A fresh collection and an empty, initialised catalogue."""
    folder = make_collection(tmp_path / "collection")
    sessions = initialised(empty_settings)

    def ingest(dry_run: bool = False):
        return run_ingest(
            folder, sessions=sessions, index_dir=empty_settings.index_dir, dry_run=dry_run
        )

    return folder, sessions, empty_settings, ingest


def catalogue_dump(sessions) -> dict[str, list]:
    """Every row of every catalogue table except the run log."""
    with sessions() as session:
        tables = [
            name
            for name in inspect(session.get_bind()).get_table_names()
            if name not in ("ingest_runs", "alembic_version")
        ]
        return {
            t: sorted(map(tuple, session.execute(text(f"SELECT * FROM {t}"))), key=repr)
            for t in tables
        }


def test_first_ingest_writes_catalogue_and_index(workspace):
    _folder, sessions, settings, ingest = workspace
    report = ingest()
    assert report.clean, [str(p) for p in report.problems]
    assert report.outcomes["testimony"] == {"added": 3}
    assert report.indexed == 3
    with sessions() as session:
        record = get_testimony(session, "T-1", asker=Asker.public(TODAY))
    assert [s.speaker_label for s in record.segments][:2] == ["INTERVIEWER", "MIRIAM"]
    assert record.segments[-1].end == pytest.approx(20.0)  # last segment runs to the audio's end
    assert record.recordings[0].duration == pytest.approx(20.0)
    assert record.recordings[0].sha256 and record.recordings[0].readable
    assert record.chapters[0].title == "The 1945 riots" and record.chapters[0].start == 7.0
    assert indexed_accessions(open_index(settings.index_dir)) == {"T-1", "T-2", "T-3"}


def test_second_run_reports_everything_unchanged_and_changes_nothing(workspace):
    _folder, sessions, _settings, ingest = workspace
    ingest()
    before = catalogue_dump(sessions)
    report = ingest()
    assert report.clean
    assert {kind: dict(c) for kind, c in report.outcomes.items()} == {
        "collection": {"unchanged": 1},
        "speaker": {"unchanged": 2},
        "testimony": {"unchanged": 3},
        "programme": {"unchanged": 1},
        "talk": {"unchanged": 1},
    }
    assert report.indexed == 0
    assert catalogue_dump(sessions) == before


def test_a_changed_transcript_updates_that_testimony_only(workspace):
    folder, sessions, _settings, ingest = workspace
    ingest()
    path = folder / "transcripts/T-2.txt"
    path.write_text(path.read_text() + "[00:00:15] EZRA: We flew to Lod in 1951.\n")
    report = ingest()
    assert report.outcomes["testimony"] == {"updated": 1, "unchanged": 2}
    assert report.items["testimony:T-2"] == "updated"
    assert report.indexed == 1
    with sessions() as session:
        record = get_testimony(session, "T-2", asker=Asker.public(TODAY))
    assert record.segments[-1].text == "We flew to Lod in 1951."


def test_dry_run_writes_nothing_but_the_run_record(workspace):
    _folder, sessions, settings, ingest = workspace
    report = ingest(dry_run=True)
    assert report.outcomes["testimony"] == {"added": 3}
    with sessions() as session:
        assert session.scalars(select(models.Testimony)).all() == []
        runs = session.scalars(select(IngestRun)).all()
    assert [(r.dry_run, r.status) for r in runs] == [(True, "clean")]
    assert (
        not settings.index_dir.exists()
        or indexed_accessions(open_index(settings.index_dir)) == set()
    )


def test_every_run_is_recorded_with_counts_and_problems(workspace):
    _folder, sessions, _settings, ingest = workspace
    ingest()
    with sessions() as session:
        run = session.scalars(select(IngestRun)).one()
    assert run.status == "clean" and run.finished_at is not None
    assert run.counts["testimony_added"] == 3 and run.problems == []


def test_a_bad_entry_is_reported_and_the_others_are_ingested(tmp_path, empty_settings):
    manifest = default_manifest()
    manifest["testimonies"][1]["countries"] = ["Irak"]
    manifest["testimonies"][2]["recorded"] = "1999-02-30"
    folder = make_collection(tmp_path / "c", manifest)
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    messages = {(p.item, p.field, p.message) for p in report.errors}
    assert (
        "T-2",
        "testimonies[1].countries.0",
        "unknown country 'Irak'; did you mean 'Iraq' (IQ)? Expected an ISO 3166 "
        "code such as IQ, or a country's name (present or historic)",
    ) in messages
    assert (
        "T-3",
        "testimonies[2].recorded",
        "'1999-02-30' is not a real date (day is out of range for month)",
    ) in messages
    assert report.outcomes["testimony"] == {"added": 1}
    # The files of the rejected entries are reported as unreferenced, not silently skipped.
    unreferenced = {p.file for p in report.problems if "not referenced" in p.message}
    assert "transcripts/T-2.txt" in unreferenced


def test_duplicate_accessions_are_rejected(tmp_path, empty_settings):
    manifest = default_manifest()
    manifest["testimonies"].append(testimony_entry("T-1", "transcripts/T-2.txt", "audio/T-2.wav"))
    folder = make_collection(tmp_path / "c", manifest)
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    assert any(
        p.message == "duplicate accession 'T-1' (2 entries); expected each accession once"
        for p in report.errors
    )
    assert "testimony:T-1" not in report.items


def test_a_path_leaving_the_folder_is_an_error(tmp_path, empty_settings):
    manifest = default_manifest()
    manifest["testimonies"][0]["transcript"] = "../../etc/passwd"
    folder = make_collection(tmp_path / "c", manifest)
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    problem = next(p for p in report.errors if p.item == "T-1")
    assert problem.field == "transcript[0]"
    assert (
        problem.message
        == "'../../etc/passwd' leaves the collection folder; expected a path inside it"
    )


def test_missing_files_and_late_timecodes_are_warned(tmp_path, empty_settings):
    manifest = default_manifest()
    manifest["testimonies"][1]["audio"] = ["audio/missing.wav"]
    folder = make_collection(tmp_path / "c", manifest, audio_seconds=10.0)
    (folder / "audio/missing.wav").unlink()
    (folder / "audio/extra.wav").write_bytes((folder / "audio/T-1.wav").read_bytes())
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    warnings = {(p.item, p.file, p.message) for p in report.problems if p.severity == "warning"}
    assert ("T-2", "manifest.yaml", "'audio/missing.wav' is referenced but missing") in warnings
    assert (
        "T-1",
        "transcripts/T-1.txt",
        "last timecode 00:00:15 is beyond the end of the audio (00:00:10)",
    ) in warnings
    assert (None, "audio/extra.wav", "file present but not referenced by the manifest") in warnings
    assert report.outcomes["testimony"] == {"added": 3}


def test_unreadable_audio_is_reported_and_the_testimony_still_catalogued(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c")
    (folder / "audio/T-1.wav").write_bytes(b"")
    sessions = initialised(empty_settings)
    report = run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir)
    assert [(p.item, p.file, p.message) for p in report.errors] == [
        ("T-1", "audio/T-1.wav", "the file is empty (0 bytes)")
    ]
    with sessions() as session:
        record = get_testimony(session, "T-1", asker=Asker.public(TODAY))
    assert not record.recordings[0].readable
    assert record.segments  # the transcript is still searchable


def test_not_a_collection_is_a_usage_error(tmp_path, empty_settings):
    with pytest.raises(UsageError, match="expected a collection folder with a manifest"):
        run_ingest(
            tmp_path, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
        )


def test_broken_yaml_names_the_line(tmp_path, empty_settings):
    (tmp_path / "manifest.yaml").write_text("collection:\n  id: x\n  title: [unclosed\n")
    report = run_ingest(
        tmp_path, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    assert [(p.file, p.line) for p in report.errors] == [("manifest.yaml", 4)]
    assert report.errors[0].message.startswith("not valid YAML")
