"""Testimony entries are validated as the manifest is read and kept on disk
until they are written, so that an ingest's memory does not grow with the
collection; what a user sees — entries, order, problems and their lines,
duplicates refused — is what reading the manifest whole gave."""

from __future__ import annotations

import gc
import json

import pytest
import yaml

from ingest import manifest_files
from ingest.collection import SpilledEntries, load_collection
from ingest.errors import SourceError
from ingest.manifest import TestimonyEntry
from ingest.manifest_files import read_manifest
from ingest.pipeline import run_ingest
from ingest.transcripts import decoded_file
from tests.collections import TRANSCRIPTS, default_manifest, make_collection
from tests.conftest import initialised


def many(count: int) -> dict:
    """The default collection with `count` testimonies, copies of its first
    (and no talks, which name the default's accessions)."""
    manifest = default_manifest()
    manifest["talks"] = []
    first = manifest["testimonies"][0]
    manifest["testimonies"] = [
        {**first, "accession": f"T-{n:04d}", "title": f"Testimony {n}"} for n in range(count)
    ]
    return manifest


def as_json(folder):
    """The collection's manifest written as JSON instead of YAML."""
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    (folder / "manifest.yaml").unlink()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def test_yaml_testimonies_are_handed_over_as_read_and_not_kept(tmp_path):
    folder = make_collection(tmp_path / "c", many(30))
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    alive = []

    def take(number, entry, origin):
        gc.collect()
        # the entries handed over before this one are not held by the reader
        alive.append(
            sum(
                isinstance(o, dict) and str(o.get("accession")).startswith("T-00")
                for o in gc.get_objects()
            )
        )
        assert entry["accession"] == f"T-{number:04d}"
        assert lines[origin.at(("title",)).line - 1].strip() == f"title: Testimony {number}"

    raw = read_manifest(folder / "manifest.yaml", take_testimony=take)
    assert raw.sections["testimonies"] == []
    assert len(alive) == 30 and max(alive) <= 2


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_entries_come_back_from_disk_in_manifest_order(tmp_path, kind):
    folder = make_collection(tmp_path / "c", many(25))
    if kind == "json":
        as_json(folder)
    loaded = load_collection(folder)
    assert isinstance(loaded.testimonies, SpilledEntries)
    assert loaded.problems == []
    entries = list(loaded.testimonies)
    assert [e.accession for e in entries] == [f"T-{n:04d}" for n in range(25)]
    assert all(isinstance(e, TestimonyEntry) for e in entries)
    assert loaded.testimonies[3] == entries[3] and len(loaded.testimonies) == 25
    assert list(loaded.testimonies) == entries  # read again, the same
    assert loaded.testimonies.accessions == [e.accession for e in entries]


def test_duplicated_and_invalid_entries_are_reported_and_left_out(tmp_path):
    manifest = many(6)
    manifest["testimonies"][4]["accession"] = "T-0001"
    manifest["testimonies"][2]["countries"] = ["Lybia"]
    loaded = load_collection(make_collection(tmp_path / "c", manifest))
    assert [e.accession for e in loaded.testimonies] == ["T-0000", "T-0003", "T-0005"]
    problems = [(p.field, p.item) for p in loaded.problems]
    assert problems[0] == ("testimonies[2].countries.0", "T-0002")
    assert ("testimonies.accession", "T-0001") in problems
    assert {"T-0001", "T-0002"} <= loaded.declared  # never pruned for a typo


def test_a_top_level_key_written_twice_is_an_error_not_a_lost_section(tmp_path):
    # YAML keeps the second value: the first list of testimonies was dropped
    # without a word.
    folder = make_collection(tmp_path / "c", many(2))
    manifest = folder / "manifest.yaml"
    written = manifest.read_text(encoding="utf-8")
    manifest.write_text(written + "testimonies: []\n", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        load_collection(folder)
    assert "'testimonies' a second time" in raised.value.message
    assert raised.value.line == len(written.splitlines()) + 1


def test_field_lines_are_read_from_the_file_and_not_guessed_once_it_changed(tmp_path):
    manifest = many(3)
    manifest["testimonies"][1]["countries"] = ["IQ", "Lybia"]
    folder = make_collection(tmp_path / "c", manifest)
    loaded = load_collection(folder)
    (problem,) = loaded.problems
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- Lybia"
    # A manifest edited between reading it and a problem's first question
    # (a transcript found missing while writing): only the entry's own line,
    # read with the entry, is given, not a field line from the new text.
    loaded = load_collection(make_collection(tmp_path / "d", many(3)))
    origin = loaded.origin("T-0002")
    written = (tmp_path / "d" / "manifest.yaml").read_text(encoding="utf-8")
    (tmp_path / "d" / "manifest.yaml").write_text("\n" * 5 + written, encoding="utf-8")
    assert origin.line is not None
    assert origin.at(("countries", 0)).line == origin.line


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_field_lines_once_worked_out_are_held_an_entry_at_a_time(tmp_path, kind):
    # The lines of every field of a 10,000-testimony manifest were 60 MB, held
    # from a problem's first question to the end of the ingest.
    manifest = many(40)
    manifest["testimonies"][7]["countries"] = ["IQ", "Lybia"]
    manifest["testimonies"][30]["countries"] = ["Atlantis"]
    folder = make_collection(tmp_path / "c", manifest)
    if kind == "json":
        folder = as_json(folder)
    loaded = load_collection(folder)
    text = next(folder.glob("manifest.*")).read_text(encoding="utf-8").splitlines()
    first, second = loaded.problems
    assert "Lybia" in text[first.line - 1] and "Atlantis" in text[second.line - 1]
    origin = loaded.origin("T-0012")
    assert "T-0012" in text[origin.at(("accession",)).line - 1]
    held = origin.fields.lines.lines  # what answered: the manifest's lines, worked out once
    assert {path[:2] for path in held._read[1]} == {("testimonies", 12)}
    assert held._lines == {}
    # and another entry's lines come back from disk in its place
    assert "T-0003" in text[loaded.origin("T-0003").at(("accession",)).line - 1]
    assert {path[:2] for path in held._read[1]} == {("testimonies", 3)}


def test_spilled_entries_close_their_file(tmp_path):
    spilled = SpilledEntries()
    spilled.add(TestimonyEntry.model_validate(default_manifest()["testimonies"][0]))
    spilled.leave_out([])
    assert len(spilled) == 1
    spilled.close()
    with pytest.raises(ValueError):
        list(spilled)


def test_json_entries_keep_their_lines(tmp_path):
    manifest = many(2)
    manifest["testimonies"][1]["countries"] = ["Lybia"]
    folder = as_json(make_collection(tmp_path / "c", manifest))
    (problem,) = load_collection(folder).problems
    text = (folder / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(text)  # a real JSON manifest
    assert '"Lybia"' in text.splitlines()[problem.line - 1]


def test_a_clean_ingest_never_reads_the_lines_of_every_field(tmp_path, empty_settings, monkeypatch):
    # The lines of every field of a 10,000-testimony manifest took 60 MB: they
    # are worked out only for a problem. A speaker's id line was asked for
    # each speaker, problem or not, so every ingest with speakers read them.
    readings = []
    real = manifest_files._yaml_lines
    monkeypatch.setattr(
        manifest_files, "_yaml_lines", lambda text, into: readings.append(1) or real(text, into)
    )
    sessions = initialised(empty_settings)
    manifest = many(3)
    transcript = manifest["testimonies"][0]["transcript"]
    used = {transcript: TRANSCRIPTS[transcript]}
    folder = make_collection(tmp_path / "clean", manifest, transcripts=used)
    report = run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir)
    assert report.problems == [] and report.counts()["speaker_added"] >= 1
    assert readings == []
    manifest["testimonies"][2]["audio"] = ["audio/missing.wav"]
    folder = make_collection(tmp_path / "one-problem", manifest, transcripts=used)
    (folder / "audio" / "missing.wav").unlink()  # made with the others
    report = run_ingest(
        folder,
        sessions=sessions,
        index_dir=empty_settings.index_dir,
    )
    assert [p.field for p in report.problems] == ["audio[0]"]
    assert readings == [1]


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-be", "cp1252", "utf-8 with CR LF"]
)
def test_a_yaml_manifest_in_any_accepted_encoding_reads_as_in_utf8(tmp_path, monkeypatch, encoding):
    # Read a piece at a time (ingest.transcripts.decoded_file), pieces smaller
    # than the manifest: same entries, same problem, same line.
    manifest = many(60)
    manifest["collection"]["title"] = "Témoignages de Fès et d'Alger"
    manifest["testimonies"][45]["countries"] = ["Lybia"]
    plain = make_collection(tmp_path / "plain", manifest)
    other = make_collection(tmp_path / "other", manifest)
    text = (plain / "manifest.yaml").read_text(encoding="utf-8")
    if encoding == "utf-8 with CR LF":
        data = text.replace("\n", "\r\n").encode("utf-8")
    else:
        data = text.encode(encoding)
    (other / "manifest.yaml").write_bytes(data)
    assert len(data) > 4 * 4096

    expected = load_collection(plain)
    monkeypatch.setattr(decoded_file, "PIECE", 4096)
    got = load_collection(other)
    assert got.collection == expected.collection
    assert list(got.testimonies) == list(expected.testimonies)
    assert [(p.message, p.line, p.field) for p in got.problems] == [
        (p.message, p.line, p.field) for p in expected.problems
    ]
    assert got.problems[0].line is not None
