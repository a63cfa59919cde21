"""A dry run reports what a real run would do, by the same code, and writes nothing."""

from __future__ import annotations

import fcntl
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from archive.accounts import add_user, end_sessions
from archive.database import make_engine, make_session_factory, sqlite_engine, upgrade_database
from archive.ingest_runs import list_ingest_runs
from archive.models import StaffUser, TalkRequest
from archive.programmes.talk_requests import TalkRequestDraft, save_talk_request
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


def test_other_writers_go_on_while_a_dry_run_is_under_way(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c")
    sessions = initialised(empty_settings)
    with sessions.begin() as session:
        add_user(session, "rivka", "a long enough password")
    before = catalogue_dump(sessions)
    empty_settings.ensure_data_dir()  # on PostgreSQL, only to see that it stays empty
    files = sorted(p.name for p in empty_settings.data_dir.iterdir())
    paused, resume = threading.Event(), threading.Event()

    def progress(_stage, done, _total):
        if done == 1:  # by now the dry run has written the collection and a testimony
            paused.set()
            resume.wait()

    def dry_run():
        try:
            return ingest(folder, empty_settings, sessions, dry_run=True, progress=progress)
        finally:
            paused.set()  # a run that fails before its first testimony does not hang the test

    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(dry_run)
        paused.wait()
        try:
            # The public form and a staff logout, each on a connection of its own
            # that waits for a lock at most a second (SQLite), then gives up.
            with other_writer(empty_settings).begin() as session:
                save_talk_request(session, TALK_REQUEST)
                end_sessions(session, "rivka")
        finally:
            resume.set()
        dry = running.result()
    assert dry.clean and dry.outcomes["testimony"] == {"added": 3}
    after = catalogue_dump(sessions)
    assert len(after.pop("talk_requests")) == len(before.pop("talk_requests")) + 1
    assert after.pop("staff_users") != before.pop("staff_users")
    assert after == before
    with sessions() as session:
        assert session.scalars(select(StaffUser.session_generation)).all() == [1]
        assert session.scalars(select(TalkRequest.organisation)).all() == ["Hillside School"]
        assert [(r.dry_run, r.status) for r in list_ingest_runs(session)] == [(True, "clean")]
    # Nothing of the dry run stays beside the catalogue, and the index was never made.
    assert sorted(p.name for p in empty_settings.data_dir.iterdir()) == files
    real = ingest(folder, empty_settings, sessions)
    assert dry.items == real.items


TALK_REQUEST = TalkRequestDraft(
    organisation="Hillside School",
    contact_name="Dana Levi",
    email="dana@example.org",
    preferred_dates=None,
    audience_size=30,
    audience_type=None,
    format=None,
    topics=None,
    speaker_slug=None,
)


def other_writer(settings) -> sessionmaker:
    if not settings.database_url.startswith("sqlite"):
        return sessionmaker(bind=make_engine(settings))
    return sessionmaker(bind=create_engine(settings.database_url, connect_args={"timeout": 1}))


def test_a_dry_run_removes_the_snapshots_that_killed_dry_runs_left(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    sessions = sqlite_sessions(f"sqlite:///{data / 'archive.sqlite'}")
    left, in_use = data / "archive.sqlite.dry-run-left", data / "archive.sqlite.dry-run-in-use"
    for folder in (left, in_use):
        folder.mkdir()
        (folder / "catalogue.sqlite").write_bytes(b"a snapshot")
        (folder / "owner.lock").touch()
    with open(in_use / "owner.lock") as owner:
        fcntl.flock(owner, fcntl.LOCK_EX)  # as a dry run under way in another process does
        dry = run_ingest(
            make_collection(tmp_path / "c"),
            sessions=sessions,
            index_dir=data / "index",
            dry_run=True,
        )
        assert dry.clean
        assert not left.exists() and (in_use / "catalogue.sqlite").exists()


@pytest.mark.parametrize("form", ["in memory", "URI"])
def test_a_dry_run_on_an_unusual_sqlite_url(tmp_path, form):
    # In memory: private to this process, so the dry run's transaction stays on
    # it. A file named by a URI is found as any file is, and copied.
    data = tmp_path / "data"
    data.mkdir()
    url = "sqlite://" if form == "in memory" else f"sqlite:///file:{data}/archive.sqlite?uri=true"
    sessions = sqlite_sessions(url)
    folder = make_collection(tmp_path / "c")
    files = sorted(data.iterdir())
    dry = run_ingest(folder, sessions=sessions, index_dir=data / "index", dry_run=True)
    assert sorted(data.iterdir()) == files
    before = catalogue_dump(sessions)
    real = run_ingest(folder, sessions=sessions, index_dir=data / "index")
    assert dry.items == real.items and dry.clean and real.clean
    assert before["testimonies"] == [] and catalogue_dump(sessions) != before


def sqlite_sessions(url: str):
    engine = sqlite_engine(url)
    upgrade_database(engine)
    return make_session_factory(engine)
