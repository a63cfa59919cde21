"""`testimony serve --workers 2` (gunicorn): searches keep answering while an
ingest in another process writes, and see its testimonies once committed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.request

import pytest

from tests.collections import make_collection, testimony_entry
from tests.conftest import ingested
from tests.postgres import database_url_for
from tests.server import running_server

pytestmark = pytest.mark.slow

NEW = 40


def new_testimonies(folder):
    entries, transcripts = [], {}
    for n in range(NEW):
        accession = f"W-{n:03d}"
        transcripts[f"t/{accession}.txt"] = "".join(
            f"[00:00:{s:02d}] MIRIAM: The orchard by the river, the market, story {n}.\n"
            for s in range(0, 60, 3)
        )
        # The speaker belongs to the first collection: named by an explicit reference.
        entries.append(
            testimony_entry(
                accession,
                f"t/{accession}.txt",
                f"a/{accession}.wav",
                speakers=["test-voices/miriam-toledano"],
            )
        )
    manifest = {"collection": {"id": "w", "title": "Workers"}, "testimonies": entries}
    return make_collection(folder, manifest, transcripts, audio_seconds=60.0)


def search(base: str, q: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/search?q={q}", timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read())


def test_searches_keep_working_while_an_ingest_writes(tmp_path, collection_dir):
    settings, _sessions = ingested(tmp_path / "data", collection_dir)
    folder = new_testimonies(tmp_path / "new")
    command = ("serve", "--workers", "2", "--threads", "2")
    with running_server(settings.data_dir, command=command) as base:
        assert search(base, "Naples")["total"] == 1
        env = {
            **os.environ,
            "TESTIMONY_DATA_DIR": str(settings.data_dir),
            "TESTIMONY_DATABASE_URL": database_url_for(settings.data_dir),
        }
        ingest = subprocess.Popen(
            [sys.executable, "-m", "web", "ingest", str(folder)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        answers, errors = [], []

        def keep_searching() -> None:
            while ingest.poll() is None:
                try:
                    answers.append(search(base, "orchard")["total"])
                except Exception as error:  # every failure is counted
                    errors.append(repr(error))

        threads = [threading.Thread(target=keep_searching) for _ in range(4)]
        for thread in threads:
            thread.start()
        assert ingest.wait(timeout=300) == 0
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(answers) > 10
        assert all(0 <= total <= NEW for total in answers)  # a committed state, never more
        assert search(base, "orchard")["total"] == NEW  # every worker sees the last commit
        assert search(base, "Naples")["total"] == 1
