"""The ingest summary printed at the end of a run: a table and the problems."""

from __future__ import annotations

import click

from ingest.report import OUTCOMES, IngestReport


def print_report(report: IngestReport) -> None:
    title = "Dry run (nothing written)" if report.dry_run else "Ingest"
    click.echo(f"{title}: {report.source}")
    header = f"  {'':<12}" + "".join(f"{o:>11}" for o in OUTCOMES)
    click.echo(header)
    for kind, counter in report.outcomes.items():
        click.echo(f"  {kind:<12}" + "".join(f"{counter.get(o, 0):>11}" for o in OUTCOMES))
    if not report.dry_run:
        click.echo(f"  indexed {report.indexed} testimonies")
    errors, warnings = len(report.errors), len(report.problems) - len(report.errors)
    click.echo(f"  {errors} errors, {warnings} warnings")
    for problem in report.problems:
        color = "red" if problem.severity == "error" else "yellow"
        click.secho(f"  {problem}", fg=color)
