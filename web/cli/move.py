"""`testimony move ACCESSION COLLECTION`: the one way a testimony changes
collection — an explicit, reported act, never a side effect of an ingest."""

from __future__ import annotations

import sys

import click

from archive.errors import ArchiveError
from archive.identity import move_testimony
from search.sync import update_index


@click.command()
@click.argument("accession")
@click.argument("collection")
@click.pass_obj
def move(runtime, accession: str, collection: str) -> None:
    """Move the testimony ACCESSION to the collection COLLECTION (its id).

    The testimony keeps its access, recordings and speakers; OAI-PMH harvesters
    see it again in its new set, with no deletion. Then name it in the new
    collection's manifest and remove it from the old one's: the old collection
    naming it is refused from now on. Exits 0 when moved, 1 otherwise.
    """
    sessions = runtime.ready_sessions()
    try:
        with sessions.begin() as session:
            moved = move_testimony(session, accession, collection)
    except ArchiveError as error:
        click.secho(f"error: {error}", fg="red", err=True)
        sys.exit(1)
    update_index(sessions, runtime.settings.index_dir)
    click.echo(
        f"Moved {moved.accession} from collection {moved.from_collection!r} "
        f"to {moved.to_collection!r}."
    )
    for slug, owner in moved.speakers_elsewhere:
        click.echo(
            f"  Its speaker {slug!r} stays with {owner!r}: "
            f"name it in {moved.to_collection!r}'s manifest as '{owner}/{slug}'."
        )
    click.echo(
        f"  Next: name {moved.accession} in {moved.to_collection!r}'s manifest and "
        f"remove it from {moved.from_collection!r}'s."
    )
