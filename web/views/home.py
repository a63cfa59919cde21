"""The home page, and the country, theme and decade lists: the ways into the
archive besides the search box."""

from __future__ import annotations

from flask import Blueprint, render_template

from archive.errors import NotFound
from archive.speakers.queries import SpeakerFilters, find_speakers
from archive.testimonies.browse import country_roles, country_testimonies, theme_testimonies
from archive.testimonies.queries import count_testimonies, list_testimonies, visible_collections
from archive.vocabularies import COUNTRIES, load_themes
from search.overview import archive_overview
from web import resources
from web.catalogue_cache import remembered
from web.timeline import timeline_chart

blueprint = Blueprint("home", __name__)


def _overview():
    return archive_overview(resources.search_index(), asker=resources.asker())


def _decades(overview) -> tuple:
    """The decade facet's values in the order of time, not of frequency."""
    decade = next((f for f in overview.facets if f.name == "decade"), None)
    return tuple(sorted(decade.values, key=lambda v: int(v.value))) if decade else ()


@blueprint.get("/")
def index():
    # The figures and lists are read once per catalogue change (web.catalogue_cache),
    # the overview once per index version (search.overview).
    overview = _overview()
    facets = {facet.name: facet for facet in overview.facets}
    return render_template(
        "home/index.html",
        overview=overview,
        facets=facets,
        roles=remembered(country_roles),
        decades=_decades(overview),
        chart=timeline_chart(overview),
        testimonies=remembered(list_testimonies, limit=12),
        total=remembered(count_testimonies),
        speakers=len(remembered(find_speakers, SpeakerFilters())),
        collections=remembered(visible_collections),
    )


@blueprint.get("/countries/")
def countries():
    facets = {facet.name: facet for facet in _overview().facets}
    return render_template(
        "home/countries.html",
        roles=remembered(country_roles),
        told_of=facets["country"].values,
    )


@blueprint.get("/countries/<code>")
def country(code: str):
    entry = COUNTRIES.get(code.upper())
    if entry is None:
        raise NotFound(f"no country {code!r}")
    # One reading of the speakers serves both roles.
    everyone = remembered(find_speakers, SpeakerFilters())
    return render_template(
        "home/country.html",
        country=entry,
        speakers=[s for s in everyone if entry.code in {c.id for c in s.origin_countries}],
        went_there=[s for s in everyone if entry.code in s.destinations],
        testimonies=remembered(country_testimonies, entry.code),
        chart=timeline_chart(_overview(), country=entry.code),
    )


@blueprint.get("/themes/")
def themes():
    counts = {v.value: v.count for f in _overview().facets if f.name == "theme" for v in f.values}
    tree: dict[str | None, list] = {}
    for theme in load_themes().values():
        tree.setdefault(theme.broader, []).append(theme)
    return render_template("home/themes.html", tree=tree, counts=counts)


@blueprint.get("/themes/<theme_id>")
def theme(theme_id: str):
    entry = load_themes().get(theme_id)
    if entry is None:
        raise NotFound(f"no theme {theme_id!r}")
    narrower = [t for t in load_themes().values() if t.broader == theme_id]
    broader = load_themes().get(entry.broader) if entry.broader else None
    testimonies = remembered(theme_testimonies, theme_id)
    return render_template(
        "home/theme.html",
        theme=entry,
        narrower=narrower,
        broader=broader,
        testimonies=testimonies,
    )


@blueprint.get("/decades/")
def decades():
    overview = _overview()
    return render_template(
        "home/decades.html", decades=_decades(overview), chart=timeline_chart(overview)
    )
