"""An ingest killed with SIGKILL at any moment is completed by the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from archive.database import make_engine
from archive.settings import Settings
from ingest.audit import audit_archive
from ingest.pipeline import run_ingest
from search.index import indexed_accessions, open_index
from tests.collections import SPEAKERS, make_collection, testimony_entry, write_wav
from tests.conftest import initialised

COUNT = 240


def many_testimonies(folder: Path, count: int = COUNT) -> Path:
    transcripts, entries = {}, []
    for n in range(count):
        accession = f"K-{n:03d}"
        transcripts[f"t/{accession}.txt"] = "".join(
            f"[00:00:{s * 5:02d}] MIRIAM: Segment {s} of {accession} word{n}x{s} about Tripoli.\n"
            for s in range(10)
        )
        entries.append(testimony_entry(accession, f"t/{accession}.txt", f"a/{accession}.wav"))
        write_wav(folder / f"a/{accession}.wav", 60, rate=50)
    manifest = {
        "collection": {"id": "kill", "title": "Kill test"},
        "speakers": SPEAKERS,
        "testimonies": entries,
    }
    return make_collection(folder, manifest, transcripts)


def count(engine: Engine, sql: str) -> int:
    """sql's count, read while the ingest process writes (0 before its tables exist)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar_one()
    except SQLAlchemyError:
        return 0


def ingest_until(folder: Path, settings: Settings, sql: str, threshold: int) -> int:
    """Start `testimony ingest` in a real process; SIGKILL it once sql reaches threshold."""
    env = {
        **os.environ,
        "TESTIMONY_DATA_DIR": str(settings.data_dir),
        "TESTIMONY_DATABASE_URL": settings.database_url,
    }
    watcher = make_engine(settings)
    process = subprocess.Popen(
        [sys.executable, "-m", "web", "ingest", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if count(watcher, sql) >= threshold:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    watcher.dispose()
    return process.wait(timeout=30)


@pytest.mark.parametrize(
    ("phase", "sql", "threshold"),
    [
        ("writing the catalogue", "SELECT count(*) FROM testimonies", 20),
        (
            "writing the index",
            "SELECT count(*) FROM testimonies WHERE indexed_checksum IS NOT NULL",
            1,
        ),
    ],
)
def test_a_killed_ingest_is_completed_by_the_next_run(
    tmp_path, empty_settings, phase, sql, threshold
):
    folder = many_testimonies(tmp_path / "collection")
    sessions = initialised(empty_settings)
    status = ingest_until(folder, empty_settings, sql, threshold)
    assert status == -signal.SIGKILL, f"the ingest finished before it could be killed ({phase})"
    database = make_engine(empty_settings)
    written = count(database, "SELECT count(*) FROM testimonies")
    assert written > 0, phase
    # No half-written testimony: every catalogued one has all its segments.
    assert count(database, "SELECT count(*) FROM segments") == written * 10
    database.dispose()

    report = run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    assert report.outcomes["testimony"]["added"] == COUNT - written
    assert audit_archive(sessions, empty_settings.index_dir) == []
    assert len(indexed_accessions(open_index(empty_settings.index_dir))) == COUNT
