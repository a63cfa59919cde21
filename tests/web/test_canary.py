"""No public request reaches restricted or future-embargoed material.

A collection plants one canary word in a restricted and in a future-embargoed
testimony — transcripts, titles, summaries, chapter titles, speaker names and
biographies — then the public side of the site is crawled from its home page,
its sitemap and its API, link by link, together with every address that
names the hidden material directly (pages, downloads, audio, API records,
searches, suggestions). The canary must appear nowhere, hidden addresses must
answer 404 (never 403), and every public route must have been visited. A
logged-in staff member sees it all; a past embargo is public.
"""

from __future__ import annotations

import copy
import json
import re
from collections import deque
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from archive.accounts import add_user
from ingest.pipeline import run_ingest
from tests.collections import TRANSCRIPTS, default_manifest, make_collection, testimony_entry
from tests.conftest import TODAY, fresh_settings, initialised
from tests.web.test_speaker_portraits import tiny_png
from tests.web.test_staff import PASSWORD, login
from web.app import create_app

CANARY = "zygomorphic"
HIDDEN = ("C-R", "C-E")
PAST_EMBARGO = "C-P"
HIDDEN_SPEAKER = "hidden-speaker"


def canary_manifest() -> dict:
    manifest = copy.deepcopy(default_manifest())
    manifest["speakers"].append(
        {
            "id": HIDDEN_SPEAKER,
            "name": "Nahum Zygomorphic",
            "name_variants": ["Zygomorphic Nahum"],
            "birthplace": "Zygomorphic lane, Aleppo",
            "origin_countries": ["SY"],
            # Only the hidden speaker went there: New Zealand must not appear
            # as a destination ("To") anywhere public.
            "destinations": ["NZ"],
            "biography": "A zygomorphic biography, fictional.",
            "pitch": "A zygomorphic pitch, fictional.",
            "portrait": "portraits/hidden.png",
            "available": True,
        }
    )
    hidden = {
        "speakers": [HIDDEN_SPEAKER],
        "title": "The zygomorphic garden",
        "summary": "A zygomorphic summary, fictional.",
        "countries": ["SY"],
        "themes": ["syria-1992"],
        "years": "1990-1992",
        "chapters": [
            {
                "start": "00:00:02",
                "title": "Zygomorphic chapter",
                "synopsis": "A zygomorphic synopsis.",
                "keywords": ["zygomorphic keyword"],
            }
        ],
    }
    manifest["testimonies"] += [
        testimony_entry(
            "C-R", "transcripts/C-R.txt", "audio/C-R.wav", access="restricted", **hidden
        ),
        testimony_entry(
            "C-E",
            "transcripts/C-E.txt",
            "audio/C-E.wav",
            access="embargoed",
            embargo_until="2030-01-01",
            **hidden,
        ),
        testimony_entry(
            "C-P",
            "transcripts/C-P.txt",
            "audio/C-P.wav",
            access="embargoed",
            embargo_until="2020-01-01",
            title="A lifted embargo",
            countries=["YE"],
        ),
    ]
    return manifest


def canary_transcripts() -> dict[str, str]:
    return {
        **TRANSCRIPTS,
        "transcripts/C-R.txt": (
            "[00:00:00] NAHUM: In Aleppo our street was quiet.\n"
            "[00:00:02] NAHUM: The zygomorphic secret of the restricted recording.\n"
        ),
        "transcripts/C-E.txt": (
            "[00:00:00] NAHUM: We left Damascus in 1992.\n"
            "[00:00:02] NAHUM: The zygomorphic secret of the embargoed recording.\n"
        ),
        "transcripts/C-P.txt": "[00:00:00] SALEM: The pangolin story from Aden, now public.\n",
    }


@pytest.fixture(scope="module")
def canary_app(tmp_path_factory):
    folder = make_collection(
        tmp_path_factory.mktemp("canary") / "collection", canary_manifest(), canary_transcripts()
    )
    (folder / "portraits").mkdir()
    (folder / "portraits" / "hidden.png").write_bytes(tiny_png())
    settings = fresh_settings(tmp_path_factory.mktemp("canary-data"))
    sessions = initialised(settings)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})


def hidden_addresses() -> list[str]:
    urls = []
    for accession in (*HIDDEN, "T-3"):
        urls += [
            f"/testimonies/{accession}",
            f"/testimonies/{accession}?t=2&q={CANARY}",
            f"/testimonies/{accession}/audio/1",
            f"/testimonies/{accession}/transcript.txt",
            f"/testimonies/{accession}/transcript-1.vtt",
            f"/api/testimonies/{accession}",
        ]
    return [
        *urls,
        f"/speakers/{HIDDEN_SPEAKER}",
        f"/speakers/{HIDDEN_SPEAKER}/portrait",
        f"/api/speakers/{HIDDEN_SPEAKER}",
    ]


SEARCHES = [
    CANARY,
    "zygomorphix",  # one letter off: "did you mean" must not offer the canary
    "zygomorph*",
    f'"{CANARY} secret"',
    "Nahum",
    "garden",
    "Aleppo",
    "Damascus",
    "secret",
]
SEEDS = [
    "/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/openapi.json",
    "/api/speakers",
    "/api/programmes",
    "/api/talks",
    "/speakers/?country=SY",
    "/countries/SY",
    "/themes/syria-1992",
    "/search?country=SY&sort=accession",
    "/search?theme=syria-1992&sort=accession",
    "/search?decade=1990&sort=accession",
    "/search?from=1990&to=1992&sort=accession",
    "/search?origin=SY&sort=accession",
    "/search?destination=NZ&sort=accession",
    "/speakers/?went_to=NZ",
    "/request-a-talk/?speaker=" + HIDDEN_SPEAKER,
    "/request-a-talk/thanks",
    "/oai?verb=Identify",
    "/oai?verb=ListSets",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc&set=country:SY",
    "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=collection:test-voices",
]
# OAI-PMH answers 200 with an idDoesNotExist error for a hidden testimony.
SEEDS += [
    f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:{accession}"
    for accession in (*HIDDEN, "T-3")
]
SEEDS += [f"/search?q={q}" for q in SEARCHES] + [f"/api/search?q={q}" for q in SEARCHES]
SEEDS += [f"/search?q={q}&advanced=1" for q in SEARCHES]
LINK = re.compile(r"""(?:href|src|action)="([^"]+)"|<loc>([^<]+)</loc>""")


def crawl(client, seeds: list[str], limit: int = 600) -> dict[str, tuple[int, str]]:
    seen: dict[str, tuple[int, str]] = {}
    queue = deque(seeds)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        with client.get(url) as response:
            body = response.get_data().decode("utf-8", "replace")
        seen[url] = (response.status_code, body)
        if "text/html" not in response.content_type and "xml" not in response.content_type:
            continue
        for match in LINK.finditer(body):
            link = (match.group(1) or match.group(2)).replace("&amp;", "&")
            parts = urlsplit(link)
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if not local.startswith(("/static/", "/staff/")) and local not in seen:
                queue.append(local)
    return seen


def without_echo(url: str, text: str) -> str:
    """A search page repeats what was typed (title, search box, links to other
    pages and sorts): the typed words are taken out before looking for the
    canary. A hidden hit would still show its other words and its accession."""
    for typed in parse_qs(urlsplit(url).query).get("q", []):
        for word in re.findall(r"\w+", typed.lower()):
            text = text.replace(word, "")
    return text


def test_no_public_request_reaches_the_canary(canary_app):
    client = canary_app.test_client()
    pages = crawl(client, SEEDS + hidden_addresses())
    assert len(pages) > 60  # the crawl went through the site
    for url in hidden_addresses():
        assert pages[url][0] == 404, url  # 404, never 403: existence is not revealed
    for url, (status, body) in pages.items():
        assert status in (200, 302, 400, 404), (url, status)
        text = without_echo(url, body.lower())
        assert CANARY not in text, url
        assert "nahum" not in text, url
        assert "new zealand" not in text, url
        for accession in HIDDEN:
            assert f'"{accession.lower()}"' not in text, url
        assert "/testimonies/c-r" not in text and "/testimonies/c-e" not in text, url


def test_search_counts_facets_and_suggestions_leave_the_hidden_out(canary_app):
    client = canary_app.test_client()
    found = client.get(f"/api/search?q={CANARY}").get_json()
    assert found["total"] == 0 and found["results"] == []
    assert all(not facet["values"] for facet in found["facets"].values())
    assert not found.get("suggestion")
    near = client.get("/api/search?q=zygomorphix").get_json()
    assert near["total"] == 0 and not near.get("suggestion")
    by_country = client.get("/api/search?country=SY&sort=accession").get_json()
    assert by_country["total"] == 0
    everything = client.get("/api/search?q=secret").get_json()
    countries = {v["value"] for v in everything["facets"]["country"]["values"]}
    assert "SY" not in countries
    for facet in everything["facets"].values():
        assert "NZ" not in {v["value"] for v in facet["values"]}
    speakers = client.get("/api/speakers").get_data(as_text=True).lower()
    assert CANARY not in speakers and '"nz"' not in speakers


def test_every_public_route_was_visited_by_the_crawl(canary_app):
    client = canary_app.test_client()
    pages = crawl(client, SEEDS + hidden_addresses())
    visited = set()
    adapter = canary_app.url_map.bind("localhost")
    for url in pages:
        parts = urlsplit(url)
        try:
            endpoint, _args = adapter.match(parts.path, method="GET")
        except HTTPException:  # an address of no route: the crawl's 404s
            continue
        visited.add(endpoint)
    public = {
        rule.endpoint
        for rule in canary_app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.endpoint.startswith(("staff.", "auth.", "static"))
    }
    assert public - visited == set()


def test_staff_see_the_hidden_material_and_a_past_embargo_is_public(canary_app):
    public = canary_app.test_client()
    assert public.get(f"/testimonies/{PAST_EMBARGO}").status_code == 200
    assert public.get(f"/testimonies/{PAST_EMBARGO}/transcript.txt").status_code == 200
    assert public.get("/api/search?q=pangolin").get_json()["total"] == 1
    staff = canary_app.test_client()
    login(staff)
    for accession in HIDDEN:
        page = staff.get(f"/testimonies/{accession}").get_data(as_text=True)
        assert CANARY in page and "Zygomorphic chapter" in page and "Nahum Zygomorphic" in page
        with staff.get(f"/testimonies/{accession}/audio/1") as audio:
            assert audio.status_code == 200
        assert CANARY in staff.get(f"/testimonies/{accession}/transcript.txt").get_data(
            as_text=True
        )
    assert "Embargoed until 2030-01-01" in staff.get("/testimonies/C-E").get_data(as_text=True)
    found = json.loads(staff.get(f"/api/search?q={CANARY}").get_data(as_text=True))
    assert {hit["accession"] for hit in found["results"]} == {"C-R", "C-E", "T-3"}
    assert staff.get(f"/speakers/{HIDDEN_SPEAKER}").status_code == 200
    with staff.get(f"/speakers/{HIDDEN_SPEAKER}/portrait") as portrait:
        assert portrait.status_code == 200
    page = staff.get("/testimonies/C-R").get_data(as_text=True)
    assert "zygomorphic keyword" in page.lower()
