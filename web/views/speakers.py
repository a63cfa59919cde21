"""Find a speaker (for campus coordinators) and a speaker's page."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, render_template, request, send_file

from archive.programmes.queries import TalkFilters, find_talks
from archive.speakers.queries import (
    SpeakerFilters,
    find_speakers,
    get_speaker,
    speaker_testimonies,
    testimony_counts,
)
from archive.testimonies.browse import country_label
from archive.vocabularies import COUNTRIES, load_themes
from web import resources
from web.catalogue_cache import remembered
from web.listing_params import speaker_filters

blueprint = Blueprint("speakers", __name__, url_prefix="/speakers")

# The kinds of portrait an ingest accepts (ingest/portraits.py), as served.
PORTRAIT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


@blueprint.get("/")
def finder():
    filters = speaker_filters(request.args)
    everyone = remembered(find_speakers, SpeakerFilters())
    found = remembered(find_speakers, filters)
    countries = sorted({c for s in everyone for c in s.origin_countries}, key=lambda c: c.label)
    destinations = sorted({code for s in everyone for code in s.destinations}, key=country_label)
    languages = sorted({code for s in everyone for code in s.languages})
    themes = sorted({t for s in everyone for t in s.speaks_on}, key=lambda t: t.label)
    return render_template(
        "speakers/finder.html",
        speakers=found,
        filters=filters,
        countries=countries,
        destinations=destinations,
        testimony_counts=remembered(testimony_counts),
        languages=languages,
        themes=themes,
        all_themes=load_themes(),
        all_countries=COUNTRIES,
    )


@blueprint.get("/<slug>")
def detail(slug: str):
    # Remembered per catalogue version and visibility, as the finder is: at
    # 10,000 testimonies a speaker of many was read in 34 ms a request.
    asker = resources.asker()
    speaker = remembered(get_speaker, slug)
    testimonies = remembered(speaker_testimonies, slug)
    talks = remembered(find_talks, TalkFilters(speaker=slug))
    return render_template(
        "speakers/detail.html",
        speaker=speaker,
        testimonies=testimonies,
        upcoming=[t for t in talks if t.upcoming(asker.today)],
        past=[t for t in talks if not t.upcoming(asker.today)][::-1],
    )


@blueprint.get("/<slug>/portrait")
def portrait(slug: str):
    """The speaker's portrait, served like a recording: only for a speaker the
    asker may know of (one known only from hidden testimonies is a 404)."""
    speaker = get_speaker(resources.db(), slug, asker=resources.asker())
    path = Path(speaker.portrait_path) if speaker.portrait_path else None
    mimetype = PORTRAIT_TYPES.get(path.suffix.lower()) if path else None
    if path is None or mimetype is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype=mimetype, conditional=True, max_age=3600)
