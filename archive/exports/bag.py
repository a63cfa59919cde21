"""A BagIt bag (RFC 8493) of exported testimonies, for preservation hand-off.

The payload (`data/`) holds the catalogue (`catalogue.json`, `catalogue.csv`),
every transcript (`transcripts/`: WebVTT, OHMS XML, plain text) and copies of
the audio files (`audio/`); manifests are sha256 and sha512. The bag is made by
the Library of Congress's `bagit` library: manifests, tag manifests and
Payload-Oxum are what other BagIt tools check, and we would rather not write
them ourselves. It writes BagIt 0.97 declarations; ours are 1.0, which our
file names satisfy (`naming`: no "%", CR or LF to percent-encode).

A missing or unreadable audio file is reported and left out; the other files
and testimonies still go in.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import bagit

from archive.exports.csv_json import catalogue_csv, catalogue_entry, catalogue_json
from archive.exports.folders import prepare_folder, write_file
from archive.exports.naming import audio_name
from archive.exports.report import ExportError, ExportReport
from archive.exports.selection import Scope
from archive.exports.transcript_files import TRANSCRIPT_KINDS, transcript_files
from archive.problems import Problem
from archive.testimonies.records import RecordingRecord, TestimonyRecord

CHECKSUMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
CHUNK = 1024 * 1024


def write_bag(records: Iterable[TestimonyRecord], target: Path, scope: Scope) -> ExportReport:
    """Write the testimonies into `target` (new or empty) and make it a bag."""
    prepare_folder(target)
    report = ExportReport(str(target))
    entries, collections, organisations = [], {}, {}
    for record in records:
        report.count(record, scope.today)
        entry = catalogue_entry(record, scope.today)
        entry["files"] = _payload(record, target, scope, report)
        entries.append(entry)
        collections[record.collection.slug] = record.collection.title
        if record.collection.publisher:
            organisations[record.collection.publisher] = None
    write_file(target, "catalogue.json", catalogue_json(entries, scope).encode("utf-8"), report)
    write_file(target, "catalogue.csv", catalogue_csv(entries).encode("utf-8"), report)
    info = _bag_info(scope, report, collections, list(organisations))
    try:
        bagit.make_bag(str(target), info, checksums=list(CHECKSUMS))
        (target / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
        bagit.Bag(str(target)).save()
    except (bagit.BagError, RuntimeError, OSError) as error:
        raise ExportError(f"cannot make a bag of {target}: {error}") from None
    return report


def _payload(
    record: TestimonyRecord, target: Path, scope: Scope, report: ExportReport
) -> dict[str, list[str]]:
    """Write the testimony's transcripts and audio; their paths within `data/`."""
    transcripts = []
    for file in transcript_files(record, TRANSCRIPT_KINDS, exported=scope.today):
        relative = f"transcripts/{file.name}"
        write_file(target, relative, file.content, report)
        transcripts.append(relative)
    audio = []
    for recording in record.recordings:
        relative = f"audio/{audio_name(record.accession, recording.part, recording.path)}"
        if _copy_audio(record.accession, recording, target / relative, report):
            audio.append(relative)
    return {"transcripts": transcripts, "audio": audio}


def _copy_audio(
    accession: str, recording: RecordingRecord, destination: Path, report: ExportReport
) -> bool:
    source = Path(recording.path)
    part = f"part {recording.part}"
    if not source.is_absolute() or not source.is_file():
        message = f"the audio file of {part} is missing; left out of the bag"
        report.problems.append(Problem("warning", message, file=recording.path, item=accession))
        return False
    try:
        sha256, size = _copy(source, destination)
    except OSError as error:
        destination.unlink(missing_ok=True)
        message = f"cannot copy the audio file of {part} ({error.strerror}); left out of the bag"
        report.problems.append(Problem("warning", message, file=recording.path, item=accession))
        return False
    report.files += 1
    report.bytes += size
    if recording.sha256 and sha256 != recording.sha256:
        message = (
            f"the audio file of {part} has changed since it was ingested (sha256 {sha256} "
            f"on disk, {recording.sha256} in the catalogue); copied as it is, re-ingest it"
        )
        report.problems.append(Problem("warning", message, file=recording.path, item=accession))
    return True


def _copy(source: Path, destination: Path) -> tuple[str, int]:
    """Copy the bytes (never a link) and hash them on the way: sha256 and size."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reader, destination.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    shutil.copystat(source, destination)
    return digest.hexdigest(), size


def _bag_info(
    scope: Scope, report: ExportReport, collections: dict[str, str], organisations: list[str]
) -> dict[str, str | list[str]]:
    if scope.collection:
        what = f"collection {collections.get(scope.collection, scope.collection)!r}"
    else:
        what = "every collection"
    info: dict[str, str | list[str]] = {
        "Bagging-Date": scope.today.isoformat(),
        "Bag-Size": _size(report.bytes),
        "Bag-Software-Agent": f"Testimony {_version('testimony')} (bagit.py {_version('bagit')})",
        "External-Description": (
            f"Testimony oral-history archive export of {what}: {report.testimonies} "
            "testimonies with their catalogue records (catalogue.json, catalogue.csv), "
            "transcripts (WebVTT, OHMS XML, plain text) and audio files; "
            f"{scope.description}."
        ),
        "Testimony-Access": scope.access,
    }
    if organisations:
        info["Source-Organization"] = organisations
    if scope.collection:
        info["External-Identifier"] = scope.collection
    return info


def _size(total: int) -> str:
    size, unit = float(total), "bytes"
    for larger in ("KB", "MB", "GB", "TB"):
        if size < 1000:
            break
        size, unit = size / 1000, larger
    return f"{total} bytes" if unit == "bytes" else f"{size:.1f} {unit}"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "(version unknown)"
