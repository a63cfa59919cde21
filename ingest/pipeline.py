"""The ingest pipeline: validate a collection, write the catalogue one
testimony per transaction, then bring the search index up to date.

The index is updated only from what the catalogue has committed, in batches
under one writer; each testimony records which version the index holds, so a
run killed at any moment is completed by the next one. The catalogue is written
by `archive` alone: this module drafts and hands over, and a dry run is the
same run inside transactions that `archive.transactions` rolls back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.drafts import CollectionDraft
from archive.errors import OwnedElsewhere
from archive.ingest_runs import finish_ingest_run, start_ingest_run
from archive.programmes.queries import catalogued_programme_slugs
from archive.programmes.writes import save_programme, save_talk
from archive.speakers.writes import save_speaker
from archive.testimonies.queries import catalogued_accessions, collection_accessions
from archive.testimonies.writes import delete_testimonies, save_collection, save_testimony
from archive.transactions import Transaction, write_run
from archive.writes import sync_vocabularies
from ingest.collection import LoadedCollection, load_collection
from ingest.drafting import build_testimony, programme_draft, speaker_draft, talk_draft
from ingest.errors import SourceError
from ingest.identity import Owners, load_owners, speaker_ids
from ingest.limits import DEFAULT_LIMITS, SizeLimits
from ingest.manifest import SpeakerEntry, TalkEntry
from ingest.origins import Origin
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
    with sessions.begin() as session:
        run_id = start_ingest_run(session, report.source, dry_run=dry_run)
    try:
        loaded = load_collection(path)
    except SourceError as error:
        report.add(
            Problem("error", error.message, file=error.file, line=error.line, field=error.field)
        )
        _finish_run(sessions, run_id, report)
        return report
    report.problems += loaded.problems
    with write_run(sessions, dry_run=dry_run) as transaction:
        _write_catalogue(loaded, transaction, report, limits, progress or _no_progress)
        _prune(loaded, transaction, report, prune=prune)
    del loaded  # the manifest, read whole, is not held while the index is written
    if not dry_run:
        report.indexed = update_index(sessions, index_dir)
    _finish_run(sessions, run_id, report)
    return report


def _prune(
    loaded: LoadedCollection, transaction: Transaction, report: IngestReport, *, prune: bool
) -> None:
    """Testimonies of this collection the manifest no longer names: kept unless --prune."""
    if not loaded.whole_collection:
        return
    with transaction() as session:
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
    if prune and gone:
        with transaction() as session:
            delete_testimonies(session, gone)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    pass


def _write_catalogue(
    loaded: LoadedCollection,
    transaction: Transaction,
    report: IngestReport,
    limits: SizeLimits,
    progress: Progress,
) -> None:
    collection = loaded.collection
    with transaction() as session:
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
            loaded.testimonies.accessions,
            {e.id for e in loaded.speakers} | _speaker_references(loaded),
        )
        for entry in loaded.speakers:
            _write_speaker(session, entry, loaded, owners, report, limits)
    # Manifest files, and in a folder without one every transcript file read.
    # Resolved path strings, as collection_files gives them.
    used_files: set[str] = {os.path.realpath(p) for p in loaded.manifest_files}
    saved: set[str] = set()  # accessions this run catalogued, for the talks naming them
    # The entries are read back from disk one at a time (ingest.collection).
    total = len(loaded.testimonies)
    for done, entry in enumerate(loaded.testimonies, 1):
        origin = loaded.origin(entry.accession)
        speakers, unusable = owners.resolve(entry.speakers)
        resolved = entry.model_copy(update={"speakers": list(speakers)})
        build = build_testimony(resolved, loaded.folder, origin, collection.id, limits)
        used_files.update(map(str, build.files))
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
            outcome = _save_testimony(transaction, build.draft, origin, report)
            report.record("testimony", entry.accession, outcome)
            if outcome != "failed":
                saved.add(entry.accession)
        progress("testimonies", done, total)
    loaded.testimonies.close()
    _write_programmes(loaded, transaction, report, owners, saved)
    unused = collection_files(loaded.folder) - used_files if loaded.whole_collection else set()
    for path in sorted(unused, key=lambda path: path.split(os.sep)):  # in Path order
        report.add(
            Problem(
                "warning",
                "file present but not referenced by the manifest",
                file=os.path.relpath(path, loaded.folder.resolve()),
            )
        )


def _speaker_references(loaded: LoadedCollection) -> set[str]:
    named = [s for entry in loaded.talks for s in entry.speakers]
    return loaded.testimonies.speaker_references | speaker_ids(named)


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

    def refused(message: str) -> Problem:
        # The id's line only now: the first field line asked for reads the
        # whole manifest's (ingest.origins.LinesOnDemand).
        line = origin.at(("id",)).line
        return Problem("error", message, origin.file, line, "id", item=entry.id)

    refusal = owners.speaker_refusal(entry.id)
    if refusal:
        report.add(refused(refusal))
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
        report.add(refused(str(error)))
        report.record("speaker", entry.id, "failed")
        return
    owners.catalogued.add(entry.id)
    report.record("speaker", entry.id, outcome)


def _save_testimony(transaction: Transaction, draft, origin: Origin, report: IngestReport) -> str:
    try:
        with transaction() as session:
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
    transaction: Transaction,
    report: IngestReport,
    owners: Owners,
    saved: set[str],
) -> None:
    """Programmes, then the talks whose every programme and testimony is in this
    manifest (saved by this run) or already in the catalogue."""
    manifest = loaded.manifest.name
    programmes = {e.id for e in loaded.programmes}
    with transaction() as session:
        known = {
            "programme": programmes
            | catalogued_programme_slugs(session, {e.programme for e in loaded.talks}),
            "testimony": saved
            | catalogued_accessions(session, {a for e in loaded.talks for a in e.testimonies}),
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
    with transaction() as session:
        for entry in loaded.programmes:
            report.record("programme", entry.id, save_programme(session, programme_draft(entry)))
        session.flush()
        for draft in talks:
            report.record("talk", draft.slug, save_talk(session, draft))


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


def _finish_run(sessions: sessionmaker[Session], run_id: int, report: IngestReport) -> None:
    with sessions.begin() as session:
        finish_ingest_run(session, run_id, counts=report.counts(), problems=report.problems)
