"""The demo site walked as a visitor would: every page reachable from home, the
sitemap and a few searches (facets, moment links, pagination) answers without
a server error."""

from __future__ import annotations

import pytest

from tests.crawler import crawl

pytestmark = pytest.mark.slow

# Public testimonies of samples/ (MV-0007 and MV-0015 are restricted, MV-0008 embargoed).
PUBLIC = [f"MV-{n:04d}" for n in range(1, 25) if n not in (7, 8, 15)]


def test_the_demo_site_answers_every_link_without_a_server_error(demo_site):
    visited = crawl(demo_site.base_url)
    assert visited.errors == [], "\n".join(visited.errors)
    assert not visited.truncated, f"stopped at {len(visited.statuses)} pages"
    # It went everywhere it should: not a crawl that stopped at the door.
    assert len(visited.statuses) > 500, visited.counts()
    for accession in PUBLIC:
        assert f"/testimonies/{accession}" in visited.statuses, accession
    for kind in (
        r"^/search\?q=[^&]+&country=",  # a facet
        r"^/search\?.*page=2",  # pagination
        r"^/testimonies/MV-0002\?part=2&t=",  # a moment link into a second part
        r"^/countries/IQ$",
        r"^/themes/farhud$",
        r"^/speakers/naima-khedouri$",
        r"^/programmes/remembrance-30-november$",
        r"^/talks/$",
        r"^/request-a-talk/\?speaker=",
        r"transcript-1\.vtt$",
    ):
        assert visited.visited(kind), f"nothing visited matches {kind}"
    # Hidden testimonies are never linked to the public.
    assert not visited.visited(r"^/testimonies/MV-00(07|15)")
