"""`testimony search`: the site's search on the command line, as text or as
the API's JSON, with an option per facet (search.facets) read as the site
reads its query string (search.request)."""

from __future__ import annotations

import html
import json
from datetime import date

import click

from archive.access import Asker
from archive.errors import ArchiveError
from search.facets import FACETS
from search.filters import SORTS
from search.index import open_index
from search.request import search_request
from search.results import results_json
from search.searcher import search_testimonies


def _facet_options(command):
    """--country, --origin, ... --collection: one repeatable option per facet."""
    for facet in reversed(FACETS):
        command = click.option(
            f"--{facet.name}",
            facet.name,
            multiple=True,
            type=int if facet.integer else str,
            help=f"{facet.help} (repeatable).",
        )(command)
    return command


@click.command()
@click.argument("query", default="")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_facet_options
@click.option("--year-from", type=int, help="Testimonies covering this year or later.")
@click.option("--year-to", type=int, help="Testimonies covering this year or earlier.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option(
    "--advanced",
    is_flag=True,
    help="Accept AND/OR/NOT, (groups), prefix*, and country:IQ-style filters.",
)
@click.option(
    "--all", "staff", is_flag=True, help="Staff view: include restricted and embargoed testimonies."
)
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--per-page", default=20, show_default=True, type=click.IntRange(1, 100))
@click.pass_obj
def search(
    runtime,
    query: str,
    as_json: bool,
    year_from: int | None,
    year_to: int | None,
    page: int,
    per_page: int,
    sort: str,
    advanced: bool,
    staff: bool,
    **facet_values,
) -> None:
    """Search the testimonies for QUERY (words or "a phrase"); without QUERY,
    list those the filters admit. Only public testimonies unless --all."""
    try:
        ix = open_index(runtime.settings.index_dir)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None
    # The options as a query string would hold them, read as the site reads one.
    arguments = {name: [str(value) for value in values] for name, values in facet_values.items()}
    arguments |= {
        "q": [query],
        "from": [str(year_from)] if year_from is not None else [],
        "to": [str(year_to)] if year_to is not None else [],
        "sort": [sort],
        "advanced": ["1"] if advanced else [],
        "page": [str(page)],
        "per_page": [str(per_page)],
    }
    asked = search_request(arguments)
    results = search_testimonies(
        ix,
        asked.query,
        asker=Asker(date.today(), staff=staff),
        filters=asked.filters,
        sort=asked.sort,
        page=asked.page,
        per_page=asked.per_page,
        advanced=asked.advanced,
        time_budget=runtime.settings.search_time_budget,
    )
    if as_json:
        click.echo(json.dumps(results_json(results), ensure_ascii=False, indent=2))
        return
    for line in (results.message, *results.notices):
        if line:
            click.echo(line)
    click.echo(f"{results.total} testimonies match {query!r}.")
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}?")
    for hit in results.results:
        click.echo(f"\n{hit.accession}  {hit.title}")
        for moment in hit.moments:
            snippet = _bracketed_snippet(moment.snippet)
            click.echo(f"  part {moment.part} at {moment.start:>7.1f}s  {snippet}")


def _bracketed_snippet(snippet: str) -> str:
    return html.unescape(snippet.replace("<mark>", "[").replace("</mark>", "]"))
