"""The `testimony` command line: the composition root that reads the
settings once and wires catalogue, index, pipeline and web server together.

Exit status: 0 clean, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path

import click

from archive.database import (
    DatabaseError,
    make_engine,
    make_session_factory,
    require_current_schema,
    upgrade_database,
)
from archive.errors import ArchiveError
from archive.settings import Settings
from archive.writes import sync_vocabularies
from ingest.audit import audit_archive
from ingest.errors import UsageError
from ingest.limits import MB, SizeLimits
from ingest.pipeline import run_ingest
from ingest.report import IngestReport
from search.index import open_index, optimize_index
from search.sync import rebuild_index
from web.addresses import base_url_warning
from web.cli.export import export
from web.cli.ingest_report import print_report
from web.cli.move import move
from web.cli.search import search
from web.cli.users import users

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"


class Runtime:
    """What every command needs, made on first use from one Settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def engine(self):
        return make_engine(self.settings)

    @cached_property
    def sessions(self):
        return make_session_factory(self.engine)

    def ready_sessions(self):
        try:
            require_current_schema(self.engine)
        except DatabaseError as error:
            raise click.ClickException(str(error)) from None
        return self.sessions


pass_runtime = click.make_pass_decorator(Runtime)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="testimony")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Testimony: an oral-history archive and search system.

    Ingest collections of testimonies (transcripts and audio), search them to
    the moment, and serve them on the web. Data goes to TESTIMONY_DATA_DIR
    (default ./instance); TESTIMONY_DATABASE_URL points at another database.
    """
    try:
        ctx.obj = Runtime(Settings.from_environ())
    except ArchiveError as error:
        raise click.UsageError(str(error)) from None


@main.command()
@pass_runtime
def init(runtime: Runtime) -> None:
    """Create the catalogue database or upgrade it to the newest schema."""
    _init(runtime)


def _init(runtime: Runtime) -> None:
    try:
        before, after = upgrade_database(runtime.engine)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    with runtime.sessions.begin() as session:
        sync_vocabularies(session)
    open_index(runtime.settings.index_dir, create=True)
    if before == after:
        click.echo(f"Catalogue is up to date (revision {after}).")
    else:
        click.echo(f"Catalogue {'created' if before is None else 'upgraded'} at revision {after}.")
    click.echo(f"Data directory: {runtime.settings.data_dir}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option(
    "--prune",
    is_flag=True,
    help="Remove testimonies of this collection that the manifest no longer names.",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write every problem to this JSON file.",
)
@click.option(
    "--max-transcript-mb",
    default=50,
    show_default=True,
    type=click.IntRange(min=1),
    help="Refuse transcript files larger than this.",
)
@click.option(
    "--max-audio-mb",
    default=4096,
    show_default=True,
    type=click.IntRange(min=1),
    help="Refuse audio files larger than this.",
)
@pass_runtime
def ingest(
    runtime: Runtime,
    path: Path,
    dry_run: bool,
    prune: bool,
    report_file: Path | None,
    max_transcript_mb: int,
    max_audio_mb: int,
) -> None:
    """Ingest PATH: a collection folder with its manifest (YAML, JSON or CSV).

    Re-running is safe: unchanged testimonies are skipped, changed ones
    updated, nothing deleted unless --prune is given. Exits 0 when clean,
    1 when problems were found, 2 on a usage error.
    """
    limits = SizeLimits(transcript_bytes=max_transcript_mb * MB, audio_bytes=max_audio_mb * MB)
    report = _ingest(runtime, path, dry_run=dry_run, prune=prune, limits=limits)
    if report_file:
        report.write_json(report_file)
    sys.exit(0 if report.clean else 1)


def _ingest(runtime: Runtime, path: Path, **options) -> IngestReport:
    sessions = runtime.ready_sessions()
    with _Progress() as progress:
        try:
            report = run_ingest(
                path,
                sessions=sessions,
                index_dir=runtime.settings.index_dir,
                progress=progress,
                **options,
            )
        except UsageError as error:
            raise click.UsageError(str(error)) from None
    print_report(report)
    return report


@main.command()
@click.option("--quick", is_flag=True, help="Compare file sizes instead of sha256 checksums.")
@pass_runtime
def check(runtime: Runtime, quick: bool) -> None:
    """Report every disagreement between catalogue, search index and media files.

    Exits 0 when everything agrees, 1 otherwise.
    """
    with _Progress() as progress:
        problems = audit_archive(
            runtime.ready_sessions(),
            runtime.settings.index_dir,
            checksums=not quick,
            progress=progress,
        )
    for problem in problems:
        click.secho(f"  {problem}", fg="red" if problem.severity == "error" else "yellow")
    click.echo(
        "Catalogue, index and media files agree."
        if not problems
        else f"{len(problems)} problems found."
    )
    sys.exit(1 if problems else 0)


class _Progress:
    """A progress bar on a terminal, one per stage; silent when output is not a terminal."""

    def __enter__(self):
        self.bar, self.stage, self.shown = None, None, 0
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self.bar is None or stage != self.stage:
            self._close()
            self.bar = click.progressbar(length=total, label=stage, file=sys.stderr)
            self.bar.__enter__()
            self.stage, self.shown = stage, 0
        # Callers report how far they are, not a step: advance by the difference.
        self.bar.update(done - self.shown)
        self.shown = done

    def _close(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*(exc or (None, None, None)))
            self.bar = None

    def __exit__(self, *exc) -> None:
        self._close(*exc)


@main.command()
@pass_runtime
def reindex(runtime: Runtime) -> None:
    """Rebuild the search index from the catalogue."""
    count = rebuild_index(runtime.ready_sessions(), runtime.settings.index_dir)
    click.echo(f"Indexed {count} testimonies into {runtime.settings.index_dir}.")


@main.command()
@pass_runtime
def optimize(runtime: Runtime) -> None:
    """Merge the search index into one segment after large ingests: word
    searches get faster; takes minutes on a large archive; the site keeps
    answering meanwhile."""
    try:
        before, after = optimize_index(open_index(runtime.settings.index_dir))
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"The search index had {before} segments, now {after}.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes: 1 serves with waitress, more with gunicorn.",
)
@pass_runtime
def serve(runtime: Runtime, host: str, port: int, threads: int, workers: int) -> None:
    """Serve the site with a production WSGI server: waitress in one process,
    or gunicorn with --workers N processes of --threads threads each."""
    _serve(runtime, host, port, threads, workers)


def _serve(runtime: Runtime, host: str, port: int, threads: int, workers: int = 1) -> None:
    runtime.ready_sessions()
    warning = base_url_warning(runtime.settings, host)
    if warning:
        click.echo(warning, err=True)
    click.echo(f"Serving Testimony on http://{host}:{port}/ (Ctrl+C to stop)")
    if workers > 1:
        from web.gunicorn_server import serve_with_workers

        serve_with_workers(runtime.settings, host, port, workers, threads)
        return
    import waitress

    from web.app import create_app

    waitress.serve(
        create_app(runtime.settings), host=host, port=port, threads=threads, ident="Testimony"
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--samples",
    type=click.Path(path_type=Path, file_okay=False),
    default=SAMPLES_DIR,
    show_default="the repository's samples/",
)
@pass_runtime
def demo(runtime: Runtime, host: str, port: int, samples: Path) -> None:
    """Initialise, ingest the sample collection and serve the site (searches
    limited per client at a rate that lets a crawler walk the demo, unless
    TESTIMONY_SEARCH_RATE_LIMIT is set)."""
    runtime.settings = runtime.settings.for_demo()
    _init(runtime)
    report = _ingest(runtime, samples)
    if report.errors:
        click.echo("The sample collection has errors (above); serving what was ingested.", err=True)
    _serve(runtime, host, port, threads=8)


main.add_command(users)
main.add_command(export)
main.add_command(move)
main.add_command(search)
