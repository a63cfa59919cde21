"""`testimony export FORMAT TARGET`: the catalogue as CSV or JSON, transcripts as
WebVTT or OHMS XML, or a BagIt bag of a collection for preservation hand-off.
Public testimonies only unless --all. The summary goes to standard error, so
`-` (standard output) carries nothing but the export.

Exit status: 0 clean, 1 problems (each named), 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import click

from archive.access import Asker
from archive.exports import FORMATS
from archive.exports.bag import write_bag
from archive.exports.csv_json import catalogue_csv, catalogue_entry, catalogue_json
from archive.exports.folders import export_transcripts
from archive.exports.report import ExportError, ExportRefused, ExportReport
from archive.exports.selection import Scope, exported_testimonies
from archive.testimonies.records import TestimonyRecord

STDOUT = "-"
FILE_FORMATS = ("csv", "json")


@click.command()
@click.argument("format_name", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("target", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--collection", metavar="SLUG", help="Only this collection's testimonies.")
@click.option(
    "--all",
    "include_hidden",
    is_flag=True,
    help="Staff use: include restricted and embargoed testimonies (the output says so).",
)
@click.option(
    "--raw-cells",
    is_flag=True,
    help="csv: write cells exactly as catalogued, even those a spreadsheet would run "
    "as a formula (=, +, -, @); by default they get a leading apostrophe.",
)
@click.pass_obj
def export(
    runtime,
    format_name: str,
    target: Path,
    collection: str | None,
    include_hidden: bool,
    raw_cells: bool,
) -> None:
    """Export the catalogue or its transcripts to TARGET.

    \b
    csv, json  the catalogue, one record per testimony: TARGET is a file, or - for
               standard output
    webvtt     each transcript as WebVTT, a file per recording part and translation
    ohms       each recording part as an OHMS XML file (index points, transcript)
    bag        a BagIt bag: catalogue, transcripts and copies of the audio files

    webvtt, ohms and bag write into TARGET, a new or empty folder. Only testimonies
    the public may see today are exported, unless --all is given. Exits 0 when
    clean, 1 when something was left out (each named), 2 on a usage error.
    """
    if str(target) == STDOUT and format_name not in FILE_FORMATS:
        raise click.UsageError(f"{format_name} writes into a folder; '-' is for csv and json")
    if raw_cells and format_name != "csv":
        raise click.UsageError("--raw-cells is for csv only")
    # --all: the export is made as staff would see the catalogue.
    asker = Asker(date.today(), staff=include_hidden)
    scope = Scope(asker, collection=collection)
    sessions = runtime.ready_sessions()
    try:
        with sessions() as session:
            records = exported_testimonies(session, scope)
            if format_name in FILE_FORMATS:
                report = _catalogue(format_name, records, target, scope, raw_cells=raw_cells)
            elif format_name == "bag":
                report = write_bag(records, target, scope)
            else:
                report = export_transcripts(records, target, (format_name,), scope)
    except ExportRefused as error:
        raise click.UsageError(str(error)) from None
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    _summary(report, format_name, scope)
    sys.exit(0 if report.clean else 1)


def _catalogue(
    format_name: str,
    records: Iterable[TestimonyRecord],
    target: Path,
    scope: Scope,
    *,
    raw_cells: bool = False,
) -> ExportReport:
    report = ExportReport("standard output" if str(target) == STDOUT else str(target))
    entries = []
    for record in records:
        report.count(record, scope.today)
        entries.append(catalogue_entry(record, scope.today))
    if format_name == "csv":
        text = catalogue_csv(entries, raw_cells=raw_cells)
    else:
        text = catalogue_json(entries, scope)
    content = text.encode("utf-8")
    if str(target) == STDOUT:
        click.echo(content, nl=False)
    else:
        try:
            target.write_bytes(content)
        except OSError as error:
            raise ExportError(f"cannot write {target}: {error.strerror}") from None
    report.files, report.bytes = 1, len(content)
    return report


def _summary(report: ExportReport, format_name: str, scope: Scope) -> None:
    def say(text: str, colour: str | None = None) -> None:
        click.secho(text, err=True, fg=colour)

    what = _count(report.testimonies, "testimony", "testimonies")
    if scope.asker.staff:
        what += (
            f", {report.hidden} of them restricted or under embargo "
            "(--all: staff use, not for publication)"
        )
    else:
        what += f" (public only, as of {scope.today.isoformat()})"
    files = f"{_count(report.files, 'file')}, {_count(report.bytes, 'byte')}"
    say(f"Exported {what} as {format_name} to {report.target}: {files}.")
    if report.untranscribed:
        listing = ", ".join(report.untranscribed[:10])
        more = "…" if len(report.untranscribed) > 10 else ""
        say(f"{len(report.untranscribed)} have no transcript to write: {listing}{more}")
    for problem in report.problems:
        say(f"  {problem.by_item()}", "red")
    if report.problems:
        problems = _count(len(report.problems), "problem")
        say(f"{problems}: the export is incomplete.", "red")


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"
