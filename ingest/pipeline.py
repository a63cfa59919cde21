"""The ingest pipeline: validate a collection, write the catalogue one
testimony per transaction, then bring the search index up to date.

The index is updated only from what the catalogue has committed, in batches
under one writer; each testimony records which version the index holds, so a
run killed at any moment is completed by the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.drafts import CollectionDraft, draft_checksum
from archive.errors import OwnedElsewhere
from archive.models import IngestRun, Programme, Talk, Testimony
from archive.testimonies.queries import collection_accessions
from archive.writes import (
    delete_testimonies,
    save_collection,
    save_programme,
    save_speaker,
    save_talk,
    save_testimony,
    sync_vocabularies,
)
from ingest.collection import LoadedCollection, load_collection
from ingest.drafting import build_testimony, programme_draft, speaker_draft, talk_draft
from ingest.errors import SourceError
from ingest.identity import Owners, load_owners, speaker_ids
from ingest.limits import DEFAULT_LIMITS, SizeLimits
from ingest.manifest import SpeakerEntry, TalkEntry
from ingest.manifest_files import Origin
from ingest.paths import collection_files
from ingest.portraits import locate_portrait
from ingest.report import IngestReport, Problem
from search.sync import update_index

Progress = Callable[[str, int, int], None]


def run_ingest(
    path: Path,
    *,
    sessions: sessionmaker[Session],
    index_dir: Path,
    dry_run: bool = False,
    prune: bool = False,
    limits: SizeLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest the collection at path; UsageError if path is not a collection."""
    report = IngestReport(source=str(path), dry_run=dry_run)
    run_id = _start_run(sessions, report)
    try:
        loaded = load_collection(path)
    except SourceError as error:
        report.add(
            Problem("error", error.message, file=error.file, line=error.line, field=error.field)
        )
        _finish_run(sessions, run_id, report)
        return report
    report.problems += loaded.problems
    _write_catalogue(loaded, sessions, report, dry_run, limits, progress or _no_progress)
    _prune(loaded, sessions, report, dry_run=dry_run, prune=prune)
    if not dry_run:
        report.indexed = update_index(sessions, index_dir)
    _finish_run(sessions, run_id, report)
    return report


def _prune(
    loaded: LoadedCollection,
    sessions: sessionmaker[Session],
    report: IngestReport,
    *,
    dry_run: bool,
    prune: bool,
) -> None:
    """Testimonies of this collection the manifest no longer names: kept unless --prune."""
    if not loaded.whole_collection:
        return
    with sessions() as session:
        gone = collection_accessions(session, loaded.collection.id) - loaded.declared
    for accession in sorted(gone):
        if prune:
            report.record("testimony", accession, "removed")
        else:
            report.add(
                Problem(
                    "warning",
                    "in the catalogue but no longer in the manifest: "
                    "kept (ingest with --prune to remove it)",
                    item=accession,
                )
            )
    if prune and gone and not dry_run:
        with sessions.begin() as session:
            delete_testimonies(session, gone)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    pass


def _write_catalogue(
    loaded: LoadedCollection,
    sessions: sessionmaker[Session],
    report: IngestReport,
    dry_run: bool,
    limits: SizeLimits,
    progress: Progress,
) -> None:
    collection = loaded.collection
    with sessions.begin() as session:
        sync_vocabularies(session)
        draft = CollectionDraft(
            slug=collection.id,
            source_path=str(loaded.folder),
            **collection.model_dump(exclude={"id"}),
        )
        report.record("collection", collection.id, save_collection(session, draft))
        owners = load_owners(
            session,
            collection.id,
            [e.accession for e in loaded.testimonies],
            {e.id for e in loaded.speakers} | _speaker_references(loaded),
        )
        for entry in loaded.speakers:
            _write_speaker(session, entry, loaded, owners, report, limits)
        if dry_run:
            session.rollback()  # the outcomes are known; nothing is kept
    # Manifest files, and in a folder without one every transcript file read.
    used_files: set[Path] = {p.resolve() for p in loaded.manifest_files}
    total = len(loaded.testimonies)
    for done, entry in enumerate(loaded.testimonies, start=1):
        origin = loaded.origin(entry.accession)
        speakers, unusable = owners.resolve(entry.speakers)
        resolved = entry.model_copy(update={"speakers": list(speakers)})
        build = build_testimony(resolved, loaded.folder, origin, collection.id, limits)
        used_files.update(build.files)
        report.problems += build.problems
        refusals = [("speakers", message) for message in unusable]
        refusal = owners.accession_refusal(entry.accession)
        if refusal:
            refusals.insert(0, ("accession", refusal))
        for field_name, message in refusals:
            report.add(
                Problem(
                    "error",
                    message,
                    file=origin.file,
                    line=origin.at((field_name,)).line,
                    field=field_name,
                    item=entry.accession,
                )
            )
        if refusals or build.refused:
            report.record("testimony", entry.accession, "failed")
        else:
            outcome = _save_testimony(sessions, build.draft, dry_run, origin, report)
            report.record("testimony", entry.accession, outcome)
        progress("testimonies", done, total)
    _write_programmes(loaded, sessions, report, dry_run, owners)
    unused = collection_files(loaded.folder) - used_files if loaded.whole_collection else set()
    for path in sorted(unused):
        report.add(
            Problem(
                "warning",
                "file present but not referenced by the manifest",
                file=str(path.relative_to(loaded.folder.resolve())),
            )
        )


def _speaker_references(loaded: LoadedCollection) -> set[str]:
    named = [s for entry in [*loaded.testimonies, *loaded.talks] for s in entry.speakers]
    return speaker_ids(named)


def _write_speaker(
    session: Session,
    entry: SpeakerEntry,
    loaded: LoadedCollection,
    owners: Owners,
    report: IngestReport,
    limits: SizeLimits,
) -> None:
    """Save one speaker of the manifest, unless another collection owns its id;
    a portrait that cannot be used is reported and left out."""
    origin = loaded.origins.get(f"speakers:{entry.id}", Origin(loaded.manifest.name))
    where = {"file": origin.file, "line": origin.at(("id",)).line, "item": entry.id}
    refusal = owners.speaker_refusal(entry.id)
    if refusal:
        report.add(Problem("error", refusal, field="id", **where))
        report.record("speaker", entry.id, "failed")
        return
    portrait = None
    if entry.portrait:
        try:
            portrait = str(
                locate_portrait(
                    loaded.folder, entry.portrait, limits, manifest=origin.file, field="portrait"
                )
            )
        except SourceError as error:
            line = origin.at(("portrait",)).line if error.file == origin.file else None
            report.add(
                Problem("error", error.message, error.file, line, error.field, item=entry.id)
            )
    try:
        outcome = save_speaker(session, speaker_draft(entry, loaded.collection.id, portrait))
    except OwnedElsewhere as error:  # catalogued by another ingest since owners were read
        report.add(Problem("error", str(error), field="id", **where))
        report.record("speaker", entry.id, "failed")
        return
    owners.catalogued.add(entry.id)
    report.record("speaker", entry.id, outcome)


def _existing(sessions: sessionmaker[Session], column) -> set[str]:
    with sessions() as session:
        return set(session.scalars(select(column)))


def _save_testimony(
    sessions: sessionmaker[Session], draft, dry_run: bool, origin: Origin, report: IngestReport
) -> str:
    if dry_run:
        with sessions() as session:
            stored = session.scalar(
                select(Testimony.source_checksum).where(Testimony.accession == draft.accession)
            )
        return (
            "added"
            if stored is None
            else ("unchanged" if stored == draft.source_checksum else "updated")
        )
    try:
        with sessions.begin() as session:
            return save_testimony(session, draft)
    except OwnedElsewhere as error:  # catalogued by another ingest since owners were read
        report.add(
            Problem(
                "error",
                str(error),
                file=origin.file,
                line=origin.at(("accession",)).line,
                field="accession",
                item=draft.accession,
            )
        )
        return "failed"


def _write_programmes(
    loaded: LoadedCollection,
    sessions: sessionmaker[Session],
    report: IngestReport,
    dry_run: bool,
    owners: Owners,
) -> None:
    manifest = loaded.manifest.name
    known = {
        "programme": {e.id for e in loaded.programmes} | _existing(sessions, Programme.slug),
        "testimony": {
            a.split(":", 1)[1]
            for a, outcome in report.items.items()
            if a.startswith("testimony:") and outcome != "failed"
        }
        | _existing(sessions, Testimony.accession),
    }
    talks = []
    for entry in loaded.talks:
        origin = loaded.origins.get(f"talks:{entry.id}", Origin(manifest))
        speakers, unusable = owners.resolve(entry.speakers)
        refusals = [(("speakers",), message) for message in unusable]
        refusals += _missing_references(entry, known)
        for path, message in refusals:
            # Each at the line of the reference (a list's item), named by its field.
            at = origin.at(path)
            field_name = "".join(f"[{p}]" if isinstance(p, int) else p for p in path)
            report.add(Problem("error", message, at.file, at.line, field_name, item=entry.id))
        if refusals:
            report.record("talk", entry.id, "failed")
        else:
            talks.append(talk_draft(entry.model_copy(update={"speakers": list(speakers)})))
    with sessions.begin() as session:
        for entry in loaded.programmes:
            report.record("programme", entry.id, save_programme(session, programme_draft(entry)))
        session.flush()
        for draft in talks:
            outcome = (
                _stored_outcome(session, Talk, draft) if dry_run else save_talk(session, draft)
            )
            report.record("talk", draft.slug, outcome)
        if dry_run:
            session.rollback()


def _missing_references(entry: TalkEntry, known: dict[str, set[str]]) -> list[tuple[tuple, str]]:
    """(field path, message) of each programme or testimony the talk names that is
    neither in this manifest nor in the catalogue."""
    wanted = [(("programme",), "programme", entry.programme)] + [
        (("testimonies", n), "testimony", accession)
        for n, accession in enumerate(entry.testimonies)
    ]
    return [
        (path, f"refers to unknown {kind} {value!r}")
        for path, kind, value in wanted
        if value not in known[kind]
    ]


def _stored_outcome(session: Session, model, draft) -> str:
    stored = session.scalar(select(model.source_checksum).where(model.slug == draft.slug))
    if stored is None:
        return "added"
    return "unchanged" if stored == draft_checksum(draft) else "updated"


def _start_run(sessions: sessionmaker[Session], report: IngestReport) -> int:
    with sessions.begin() as session:
        run = IngestRun(
            started_at=datetime.now(UTC),
            source=report.source,
            dry_run=report.dry_run,
            status="running",
            counts={},
            problems=[],
        )
        session.add(run)
        session.flush()
        return run.id


def _finish_run(sessions: sessionmaker[Session], run_id: int, report: IngestReport) -> None:
    with sessions.begin() as session:
        run = session.get_one(IngestRun, run_id)
        run.finished_at = datetime.now(UTC)
        run.status = "clean" if report.clean else ("failed" if report.errors else "warnings")
        run.counts = report.counts()
        run.problems = report.to_json()["problems"]
