"""`testimony check` finds every disagreement; --prune removes, nothing else does."""

from __future__ import annotations

import pytest

from ingest.audit import audit_archive
from ingest.limits import SizeLimits
from ingest.pipeline import run_ingest
from search.index import open_index, write_testimonies
from tests.collections import default_manifest, make_collection
from tests.conftest import initialised


@pytest.fixture
def ingested(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c")
    sessions = initialised(empty_settings)
    assert run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir).clean
    return folder, sessions, empty_settings


def messages(problems) -> set[tuple[str | None, str]]:
    return {(p.item, p.message) for p in problems}


def test_a_fresh_ingest_checks_clean(ingested):
    _folder, sessions, settings = ingested
    assert audit_archive(sessions, settings.index_dir) == []


def test_missing_and_changed_media_are_found(ingested):
    folder, sessions, settings = ingested
    (folder / "audio/T-1.wav").unlink()
    data = bytearray((folder / "audio/T-2.wav").read_bytes())
    data[-1] ^= 0xFF
    (folder / "audio/T-2.wav").write_bytes(bytes(data))
    found = messages(audit_archive(sessions, settings.index_dir))
    assert ("T-1", "recording part 1 is missing from disk") in found
    assert ("T-2", "recording part 1 changed: its sha256 no longer matches the catalogue") in found
    quick = messages(audit_archive(sessions, settings.index_dir, checksums=False))
    assert not any(item == "T-2" for item, _ in quick)  # same size: only a checksum sees it


def test_index_disagreements_are_found(ingested):
    _folder, sessions, settings = ingested
    ix = open_index(settings.index_dir)
    write_testimonies(ix, [], remove=["T-2"])
    from tests.search.test_search import record

    write_testimonies(ix, [record("GHOST-1", ["nobody"])])
    found = messages(audit_archive(sessions, settings.index_dir))
    assert (
        "T-2",
        "in the catalogue but missing from the search index (run testimony reindex)",
    ) in found
    assert (
        "GHOST-1",
        "in the search index but not in the catalogue (run testimony reindex)",
    ) in found


def test_dropped_entries_are_kept_unless_pruned(ingested):
    folder, sessions, settings = ingested
    manifest = default_manifest()
    manifest["testimonies"] = manifest["testimonies"][:2]
    make_collection(folder, manifest)
    kept = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir)
    assert (
        "T-3",
        "in the catalogue but no longer in the manifest: kept (ingest with --prune to remove it)",
    ) in messages(kept.problems)
    pruned = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, prune=True)
    assert pruned.items["testimony:T-3"] == "removed"
    assert audit_archive(sessions, settings.index_dir) == []  # gone from catalogue and index


def test_prune_never_removes_an_entry_that_only_failed_validation(ingested):
    folder, sessions, settings = ingested
    manifest = default_manifest()
    manifest["testimonies"][2]["countries"] = ["Atlantis"]
    make_collection(folder, manifest)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, prune=True)
    assert "testimony:T-3" not in report.items
    assert audit_archive(sessions, settings.index_dir) == []


def test_oversize_files_are_refused_and_the_rest_ingested(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c")
    report = run_ingest(
        folder,
        sessions=initialised(empty_settings),
        index_dir=empty_settings.index_dir,
        limits=SizeLimits(transcript_bytes=200, audio_bytes=10**9),
    )
    refused = [(p.item, p.file) for p in report.errors]
    # T-1 is left out of the catalogue, so the talk that uses it cannot be made.
    assert refused == [("T-1", "transcripts/T-1.txt"), ("talk-1", "manifest.yaml")]
    assert report.errors[0].message.endswith(
        "the limit for a transcript is 200 bytes (change it with --max-transcript-mb)"
    )
    assert report.outcomes["testimony"] == {"added": 2, "failed": 1}


# 100 bytes that mutagen takes for an MP3 with an ID3 tag cut short: it raises
# an error without a message.
CUT_SHORT_MP3 = b"ID3\x04\x00\x00\x00\x00\x7f\x7f" + b"\x00" * 90


def test_ingest_and_check_word_an_unreadable_recording_the_same_way(tmp_path, empty_settings):
    manifest = default_manifest()
    manifest["testimonies"][1]["audio"] = ["audio/cut.mp3"]
    folder = make_collection(tmp_path / "c", manifest)
    (folder / "audio/cut.mp3").write_bytes(CUT_SHORT_MP3)
    sessions = initialised(empty_settings)
    report = run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir)
    [ingested] = report.problems
    [checked] = audit_archive(sessions, empty_settings.index_dir)
    reason = (
        "not readable as audio: its header is damaged or cut short; expected a complete MP3 file"
    )
    assert (ingested.severity, ingested.item, ingested.message) == ("error", "T-2", reason)
    assert (checked.severity, checked.item, checked.message) == ("error", "T-2", reason)
    assert ingested.file == "audio/cut.mp3" and checked.file.endswith("audio/cut.mp3")


def test_the_next_ingest_drops_what_the_index_holds_but_the_catalogue_does_not(ingested):
    folder, sessions, settings = ingested
    from tests.search.test_search import record

    write_testimonies(open_index(settings.index_dir), [record("GHOST-1", ["nobody"])])
    assert run_ingest(folder, sessions=sessions, index_dir=settings.index_dir).clean
    assert audit_archive(sessions, settings.index_dir) == []
