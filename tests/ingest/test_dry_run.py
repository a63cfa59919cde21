"""A dry run reports what a real run would do, by the same code, and writes nothing."""

from __future__ import annotations

from ingest.pipeline import run_ingest
from search.index import indexed_accessions, open_index
from tests.collections import default_manifest, make_collection
from tests.conftest import initialised
from tests.ingest.test_pipeline import catalogue_dump


def ingest(folder, settings, sessions, **options):
    return run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, **options)


def test_a_dry_run_of_a_new_collection_reports_what_the_real_run_does(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c")
    sessions = initialised(empty_settings)
    dry = ingest(folder, empty_settings, sessions, dry_run=True)
    # The talk names a testimony that only this run catalogues: the dry run sees it.
    assert dry.items["talk:talk-1"] == "added"
    real = ingest(folder, empty_settings, sessions)
    assert dry.items == real.items and dry.clean and real.clean


def test_a_dry_run_of_changes_and_a_prune_writes_nothing(tmp_path, empty_settings):
    manifest = default_manifest()
    folder = make_collection(tmp_path / "c", manifest)
    sessions = initialised(empty_settings)
    assert ingest(folder, empty_settings, sessions).clean
    before = catalogue_dump(sessions)
    # The collection, speakers and vocabularies stay as they were, so the dry
    # run's first writes are a changed testimony's, then a deletion.
    manifest["testimonies"].pop()
    make_collection(folder, manifest)
    path = folder / "transcripts/T-2.txt"
    path.write_text(path.read_text() + "[00:00:15] EZRA: We flew to Lod in 1951.\n")
    dry = ingest(folder, empty_settings, sessions, dry_run=True, prune=True)
    assert dry.items["testimony:T-2"] == "updated"
    assert dry.items["testimony:T-1"] == "unchanged"
    assert dry.items["testimony:T-3"] == "removed"
    assert catalogue_dump(sessions) == before
    assert indexed_accessions(open_index(empty_settings.index_dir)) == {"T-1", "T-2", "T-3"}
    real = ingest(folder, empty_settings, sessions, prune=True)
    assert dry.items == real.items
    assert indexed_accessions(open_index(empty_settings.index_dir)) == {"T-1", "T-2"}
