"""Hostile files through the real pipeline: paths out of the collection, XML and zip
bombs, oversize files, undecodable text, markup. Each is refused with a problem that
names the file and the line or field, nothing outside the collection is read, and the
good testimonies of the same run are ingested all the same."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from archive.queries import get_testimony
from ingest.audio import read_audio
from ingest.pipeline import run_ingest
from tests.collections import (
    default_manifest,
    make_collection,
    testimony_entry,
    write_wav,
)
from tests.conftest import initialised

TODAY = date(2026, 11, 21)
GOOD = ("T-1", "T-2", "T-3")
# A word that occurs only in files outside the collection: it must never reach the catalogue.
CANARY = "quillwort"
OUTSIDE_TEXT = f"Title: {CANARY}\n\n[00:00:00] SECRET: The {CANARY} grows outside.\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the collection, holding a transcript and a recording."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(OUTSIDE_TEXT, encoding="utf-8")
    write_wav(folder / "secret.wav", 5)
    return folder


def collection(tmp_path, entries=(), files=None, links=None) -> Path:
    """The default collection (T-1 to T-3, all good) plus hostile `entries`, the bytes of
    `files`, and symbolic `links` (path in the collection -> target)."""
    folder = tmp_path / "collection"
    for relative, content in (files or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)
    for relative, target in (links or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / relative)
    manifest = default_manifest()
    manifest["testimonies"] += list(entries)
    return make_collection(folder, manifest)


def entry(accession: str, transcript: str, audio: str = "audio/T-1.wav", **extra) -> dict:
    return testimony_entry(accession, transcript, audio, **extra)


def ingest(folder: Path, settings, **options):
    sessions = initialised(settings)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, **options)
    return report, sessions


def problems(report, accession: str) -> set[tuple[str | None, int | None, str | None, str]]:
    """(file, line, field, message) of the accession's errors."""
    return {(p.file, p.line, p.field, p.message) for p in report.errors if p.item == accession}


def entry_line(folder: Path, accession: str) -> int:
    """The manifest line on which the accession's entry starts."""
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f"- accession: {accession}")


def assert_good_ones_ingested(report, sessions, accessions=GOOD) -> None:
    with sessions() as session:
        for accession in accessions:
            assert report.items[f"testimony:{accession}"] == "added"
            record = get_testimony(session, accession, today=TODAY, staff=True)
            assert record.segments and all(r.readable for r in record.recordings), accession


def catalogue_text(sessions) -> str:
    """Every row of every table, as text."""
    with sessions() as session:
        tables = inspect(session.get_bind()).get_table_names()
        return repr([session.execute(text(f"SELECT * FROM {t}")).all() for t in tables])


ESCAPES = {
    "dot-dot": ("../outside/secret{}", "leaves the collection folder; expected a path inside it"),
    "absolute": (
        "{outside}/secret{}",
        "is an absolute path; expected a path relative to the collection folder",
    ),
    "system file": (
        "/etc/passwd",
        "is an absolute path; expected a path relative to the collection folder",
    ),
    "link to a file": (
        "links/secret{}",
        "is a symbolic link out of the collection folder; expected a path inside it",
    ),
    "link to a folder": (
        "linked/secret{}",
        "is a symbolic link out of the collection folder; expected a path inside it",
    ),
}


@pytest.mark.parametrize("how", sorted(ESCAPES))
def test_paths_out_of_the_collection_are_refused_and_not_read(
    how, tmp_path, outside, empty_settings
):
    pattern, expected = ESCAPES[how]

    def path(suffix: str) -> str:
        return pattern.format(suffix, outside=outside)

    links = {
        "links/secret.txt": outside / "secret.txt",
        "links/secret.wav": outside / "secret.wav",
        "linked": outside,
    }
    hostile = entry("H-1", path(".txt"), path(".wav"), translations={"he": path(".txt")})
    folder = collection(tmp_path, [hostile], links=links)
    report, sessions = ingest(folder, empty_settings)

    line = entry_line(folder, "H-1")
    assert problems(report, "H-1") == {
        ("manifest.yaml", line, "transcript[0]", f"{path('.txt')!r} {expected}"),
        ("manifest.yaml", line, "translations.he[0]", f"{path('.txt')!r} {expected}"),
        ("manifest.yaml", line, "audio[0]", f"{path('.wav')!r} {expected}"),
    }
    assert CANARY not in catalogue_text(sessions)
    with sessions() as session:
        refused = get_testimony(session, "H-1", today=TODAY, staff=True)
    assert refused.segments == () and not refused.recordings[0].readable
    assert_good_ones_ingested(report, sessions)


def test_paths_that_cannot_name_a_file_are_refused(tmp_path, empty_settings):
    long_name = "transcripts/" + "x" * 300 + ".txt"
    hostile = [
        entry("H-LOOP", "transcripts/loop.txt"),
        entry("H-NUL", "transcripts/a\x00.txt"),
        entry("H-LONG", long_name),
    ]
    folder = collection(tmp_path, hostile, links={"transcripts/loop.txt": "loop.txt"})
    report, sessions = ingest(folder, empty_settings)

    def only(accession, message):
        line = entry_line(folder, accession)
        return {("manifest.yaml", line, "transcript[0]", message)}

    loop = "'transcripts/loop.txt' is a symbolic link that loops; expected a file"
    assert problems(report, "H-LOOP") == only("H-LOOP", loop)
    nul = "'transcripts/a\\x00.txt' contains a NUL character; expected a file path"
    assert problems(report, "H-NUL") == only("H-NUL", nul)
    too_long = f"{long_name!r} cannot be used: File name too long"
    assert problems(report, "H-LONG") == only("H-LONG", too_long)
    assert_good_ones_ingested(report, sessions)


def test_an_unreadable_recording_is_reported(tmp_path, empty_settings, monkeypatch):
    # As root (in CI, say) no file is unreadable, so the refusal is made to order.
    def refuse(path):
        if path.name == "locked.wav":
            raise PermissionError(13, "Permission denied", str(path))
        return read_audio(path)

    monkeypatch.setattr("ingest.drafting.read_audio", refuse)
    folder = collection(tmp_path, [entry("H-LOCKED", "transcripts/T-1.txt", "audio/locked.wav")])
    report, sessions = ingest(folder, empty_settings)
    assert problems(report, "H-LOCKED") == {
        ("audio/locked.wav", None, None, "cannot read: Permission denied")
    }
    with sessions() as session:
        locked = get_testimony(session, "H-LOCKED", today=TODAY, staff=True)
    assert not locked.recordings[0].readable
    assert_good_ones_ingested(report, sessions)


def test_an_unused_link_out_of_the_collection_is_ignored(tmp_path, outside, empty_settings):
    links = {"transcripts/extra.txt": outside / "secret.txt", "extra": outside}
    report, sessions = ingest(collection(tmp_path, links=links), empty_settings)
    assert report.clean, [str(p) for p in report.problems]
    assert report.indexed == 3
    assert CANARY not in catalogue_text(sessions)
    assert_good_ones_ingested(report, sessions)


def test_without_a_manifest_a_link_out_of_the_folder_is_not_read(tmp_path, outside, empty_settings):
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "salim.txt").write_text("[00:00:00] SALIM: A garden in Basra.\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "secret.txt")
    report, sessions = ingest(folder, empty_settings)
    assert [(p.file, p.message) for p in report.errors] == [
        (
            "secret.txt",
            "'secret.txt' is a symbolic link out of the collection folder; "
            "expected a path inside it",
        )
    ]
    assert report.items == {
        "collection:loose": "added",
        "speaker:unidentified-speaker": "added",
        "testimony:salim": "added",
    }
    assert CANARY not in catalogue_text(sessions)
