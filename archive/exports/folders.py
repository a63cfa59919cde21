"""Writing exports into a folder: a new or empty one only, so an export never
mixes with an earlier one or overwrites anything."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from archive.exports.report import ExportError, ExportRefused, ExportReport
from archive.exports.selection import Scope
from archive.exports.transcript_files import transcript_files
from archive.testimonies.records import TestimonyRecord


def prepare_folder(target: Path) -> None:
    """Create `target`, or take it as it is when empty; refuse anything else."""
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise ExportRefused(f"{target} is a file; expected a new or empty folder")
        if any(target.iterdir()):
            raise ExportRefused(
                f"{target} is not empty; expected a new or empty folder "
                "(an export never writes among other files)"
            )
        return
    try:
        target.mkdir(parents=True)
    except OSError as error:
        raise ExportError(f"cannot create the folder {target}: {error.strerror}") from None


def write_file(folder: Path, relative: str, content: bytes, report: ExportReport) -> None:
    path = folder / relative
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    report.files += 1
    report.bytes += len(content)


def export_transcripts(
    records: Iterable[TestimonyRecord], target: Path, kinds: tuple[str, ...], scope: Scope
) -> ExportReport:
    """Each testimony's transcript files of the given kinds, side by side in `target`."""
    prepare_folder(target)
    report = ExportReport(str(target))
    for record in records:
        report.count(record, scope.today)
        files = transcript_files(record, kinds, exported=scope.today)
        if not files:
            report.untranscribed.append(record.accession)
        for file in files:
            write_file(target, file.name, file.content, report)
    return report
