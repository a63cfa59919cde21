"""/sitemap.xml and /robots.txt: what search engines may list — the public
pages only, whoever asks (a staff member's session changes nothing here)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response

from archive.access import Asker
from archive.programmes.queries import list_programmes
from archive.speakers.queries import SpeakerFilters, find_speakers
from archive.testimonies.queries import list_testimonies
from web import resources
from web.addresses import external_url, site_root
from web.catalogue_cache import remembered

blueprint = Blueprint("sitemap", __name__)


@blueprint.get("/sitemap.xml")
def sitemap():
    # The public's view, whoever asks; made once per catalogue change and site address.
    public = Asker.public(resources.today())
    return Response(remembered(_sitemap, site_root(), asker=public), mimetype="application/xml")


def _sitemap(session, _site_root: str, *, asker: Asker) -> str:
    urls = [external_url(name) for name in _LISTS]
    urls += [
        external_url("testimonies.detail", accession=t.accession)
        for t in list_testimonies(session, asker=asker)
    ]
    urls += [
        external_url("speakers.detail", slug=s.slug)
        for s in find_speakers(session, SpeakerFilters(), asker=asker)
    ]
    urls += [external_url("programmes.detail", slug=p.slug) for p in list_programmes(session)]
    body = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
    )


@blueprint.get("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /search",
        "Disallow: /api/",
        f"Sitemap: {external_url('sitemap.sitemap')}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


_LISTS = (
    "home.index",
    "home.countries",
    "home.themes",
    "home.decades",
    "speakers.finder",
    "programmes.index",
    "programmes.talks",
)
