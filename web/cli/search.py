"""`testimony search`: the site's search on the command line, as text or as
the API's JSON, with every filter (one option per role of a country)."""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from datetime import date

import click

from archive.errors import ArchiveError
from search.filters import COUNTRY_ROLES, SORTS, SearchFilters
from search.index import open_index
from search.results import DESCRIPTION_FIELDS
from search.searcher import search_testimonies


def _country_options(command):
    """--country, --origin, --destination: one option per role of a country."""
    for role in reversed(COUNTRY_ROLES):
        command = click.option(
            f"--{role.name}",
            role.field,
            multiple=True,
            help=f"ISO code of {role.help}, e.g. IQ (repeatable).",
        )(command)
    return command


@click.command()
@click.argument("query", default="")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_country_options
@click.option("--theme", multiple=True, help="Theme id; includes narrower themes.")
@click.option("--language", multiple=True, help="ISO 639 code, e.g. fr.")
@click.option("--speaker", multiple=True, help="Speaker id.")
@click.option("--collection", multiple=True, help="Collection id.")
@click.option("--decade", multiple=True, type=int, help="e.g. 1940 for the 1940s.")
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
    page: int,
    per_page: int,
    sort: str,
    advanced: bool,
    staff: bool,
    **filter_options,
) -> None:
    """Search the testimonies for QUERY (words or "a phrase"); without QUERY,
    list those the filters admit. Only public testimonies unless --all."""
    try:
        ix = open_index(runtime.settings.index_dir)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None
    filters = SearchFilters(
        **{
            role.field: tuple(c.upper() for c in filter_options[role.field])
            for role in COUNTRY_ROLES
        },
        themes=filter_options["theme"],
        languages=filter_options["language"],
        speakers=filter_options["speaker"],
        collections=filter_options["collection"],
        decades=filter_options["decade"],
        year_from=filter_options["year_from"],
        year_to=filter_options["year_to"],
    )
    results = search_testimonies(
        ix,
        query,
        today=date.today(),
        staff=staff,
        filters=filters,
        sort=sort,
        page=page,
        per_page=per_page,
        advanced=advanced,
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


def results_json(results) -> dict:
    return {
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "sort": results.sort,
        "message": results.message,
        "suggestion": results.suggestion,
        "notices": list(results.notices),
        "cut_short": results.cut_short,
        "results": [_hit_json(hit) for hit in results.results],
        "facets": {
            facet.name: {"truncated": facet.truncated, "values": [asdict(v) for v in facet.values]}
            for facet in results.facets
        },
    }


def _hit_json(hit) -> dict:
    return {
        "accession": hit.accession,
        "title": hit.title,
        "score": round(hit.score, 4),
        "moments": [asdict(m) for m in hit.moments],
        "exact_match": hit.exact_match,
        **{name: _plain_value(getattr(hit, name)) for name in DESCRIPTION_FIELDS},
    }


def _plain_value(value):
    return [asdict(v) for v in value] if isinstance(value, tuple) else value


def _bracketed_snippet(snippet: str) -> str:
    return html.unescape(snippet.replace("<mark>", "[").replace("</mark>", "]"))
