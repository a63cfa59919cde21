"""`testimony check`: every disagreement between the catalogue, the search
index and the media files on disk, as problems a person can act on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.testimonies.queries import index_states, list_recordings
from ingest.audio import file_sha256, unreadable_recording
from ingest.report import Problem
from search.errors import SearchError
from search.index import indexed_accessions, open_index


def audit_archive(
    sessions: sessionmaker[Session],
    index_dir: Path,
    *,
    checksums: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Problem]:
    with sessions() as session:
        states = index_states(session)
        recordings = list_recordings(session)
    problems = _check_index(states, index_dir)
    for done, (accession, recording) in enumerate(recordings, start=1):
        problems += _check_recording(accession, recording, checksums)
        if progress:
            progress("media files", done, len(recordings))
    return problems


def _check_index(
    states: dict[str, tuple[str | None, str | None]], index_dir: Path
) -> list[Problem]:
    try:
        indexed = indexed_accessions(open_index(index_dir))
    except SearchError as error:
        return [Problem("error", str(error), file=str(index_dir))]
    problems = [
        Problem(
            "error",
            "in the search index but not in the catalogue (run testimony reindex)",
            item=accession,
        )
        for accession in sorted(indexed - set(states))
    ]
    for accession, (source, held) in sorted(states.items()):
        if accession not in indexed:
            problems.append(
                Problem(
                    "error",
                    "in the catalogue but missing from the search index (run testimony reindex)",
                    item=accession,
                )
            )
        elif source != held:
            problems.append(
                Problem(
                    "warning",
                    "the search index holds an older version "
                    "(re-run the ingest or testimony reindex)",
                    item=accession,
                )
            )
    return problems


def _check_recording(accession: str, recording, checksums: bool) -> list[Problem]:
    path = Path(recording.path)
    where = {"file": recording.path, "item": accession}
    if not path.is_file():
        return [Problem("error", f"recording part {recording.part} is missing from disk", **where)]
    if recording.size is not None and path.stat().st_size != recording.size:
        return [
            Problem(
                "error",
                f"recording part {recording.part} changed size "
                f"({recording.size} bytes catalogued, {path.stat().st_size} on disk)",
                **where,
            )
        ]
    if checksums and recording.sha256 and file_sha256(path) != recording.sha256:
        return [
            Problem(
                "error",
                f"recording part {recording.part} changed: its sha256 no "
                "longer matches the catalogue",
                **where,
            )
        ]
    if not recording.readable:
        # Worded as the ingest worded it (the reason it stored), not a second way.
        return [unreadable_recording(recording.problem or "unreadable", **where)]
    return []
