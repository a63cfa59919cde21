"""Browsing: home, countries in their roles (from, to), themes, decades, the
timeline, the speaker finder's cards, the talk-request form, the ingest-run
page, and one search box per page."""

from __future__ import annotations

import re
from html import unescape

import pytest

from archive.accounts import add_user
from tests.conftest import TODAY, ingested
from tests.web.test_speakers_programmes import csrf_token
from web.app import create_app


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def section(page: str, heading: str) -> str:
    """The part of a page from a heading's text to the next heading."""
    start = page.index(heading)
    following = re.search(r"<h[1-3]", page[start:])
    return page[start : start + following.start()] if following else page[start:]


def browse_list(page: str, title: str) -> str:
    """One list of the home page's Browse grid, by its heading."""
    match = re.search(rf"<h3><a href=\"([^\"]+)\">{title}</a></h3>\s*<ul>(.*?)</ul>", page, re.S)
    assert match, f"no browse list {title!r}"
    return match.group(1), match.group(2)


def test_home_says_from_and_to_from_the_speakers_roles(client):
    page = text(client, "/")
    link, origins = browse_list(page, "From")
    assert link == "/countries/#from"
    # Miriam Toledano came from Libya, Ezra Sasson from Iraq ("Mesopotamia").
    assert '<a href="/countries/LY">Libya</a>' in origins
    assert '<a href="/countries/IQ">Iraq</a>' in origins
    assert "Israel" not in origins  # where Miriam went, not where she came from
    _link, destinations = browse_list(page, "To")
    assert '<a href="/countries/IL">Israel</a> <span class="count">1</span>' in destinations
    assert "Libya" not in destinations


def test_decades_are_in_order_of_time_and_by_decade_is_a_link(samples_client):
    page = text(samples_client, "/")
    link, decades = browse_list(page, "By decade")
    assert link == "/decades/"
    shown = re.findall(r">(\d{4})s</a>", decades)
    assert len(shown) > 2 and shown == sorted(shown)  # the samples' 1950s outnumber the 1940s
    assert "/decades/</loc>" in text(samples_client, "/sitemap.xml")
    decades_page = text(samples_client, "/decades/")
    listed = re.findall(
        r">(\d{4})s</a>", decades_page.split('class="term-list"')[1].split("</ul>")[0]
    )
    assert listed == sorted(listed) and listed == shown


def test_timeline_links_country_and_decade_with_no_link_inside_an_image(client):
    page = text(client, "/")
    assert 'role="img"' not in page and "<svg" not in page
    assert '<table class="timeline-table">' in page
    cell = re.search(r'<a class="decade-cell" href="/search\?country=LY&decade=1940"', page)
    assert cell, "the Libya 1940s cell links to that country and decade"
    assert "Libya, 1940s: 1 testimony" in page  # the link's words for a screen reader
    assert '<th scope="row"><a href="/countries/LY">Libya</a></th>' in page
    assert "Syria" not in page  # restricted T-3's facts never counted
    found = text(client, "/search?country=LY&decade=1940")
    assert "Testimony T-1" in found and "Testimony T-2" not in found


def test_countries_page_lists_origins_and_destinations_apart(client):
    page = text(client, "/countries/")
    origins = section(page, "From: where the speakers came from")
    destinations = section(page, "To: where they went")
    assert "Libya" in origins and "Iraq" in origins and "Israel" not in origins
    assert "Israel" in destinations and "Libya" not in destinations


def test_country_page_lists_its_testimonies_with_its_timeline_strip(client):
    libya = text(client, "/countries/LY")
    assert "Testimony T-1" in section(libya, "From Libya: testimonies of people who came from")
    assert "T-3" not in libya  # restricted
    assert '<a class="decade-cell" href="/search?country=LY&decade=1940"' in libya
    assert libya.count('<th scope="row">') == 1  # only Libya's strip
    israel = text(client, "/countries/IL")
    assert "Testimony T-1" in section(israel, "To Israel: testimonies of people who went there")
    iraq = text(client, "/countries/IQ")
    assert "Testimony T-2" in iraq and "Testimony T-1" not in iraq
    assert client.get("/countries/ZZ").status_code == 404


def test_theme_page_lists_its_testimonies_and_its_narrower_themes(client):
    # T-1 is on the Tripoli riots, a narrower theme of pogroms and riots.
    broad = text(client, "/themes/pogroms-riots")
    assert "Testimony T-1" in broad and "Testimony T-2" not in broad
    farhud = text(client, "/themes/farhud")
    assert "Part of" in farhud and "No testimony on this theme is available yet." in farhud
    assert client.get("/themes/none-such").status_code == 404


def test_speaker_finder_cards_and_the_went_to_filter(client):
    page = text(client, "/speakers/")
    card = section(page, "Miriam Toledano")
    assert "From Libya to Israel" in card
    assert "Speaks Arabic, Italian, Hebrew" in card
    assert "1 testimony</a>" in card
    assert 'href="/request-a-talk/?speaker=miriam-toledano"' in card
    assert "Request a talk" not in section(page, "Ezra Sasson")  # takes no requests
    assert "Miriam Toledano" in text(client, "/speakers/?went_to=IL")
    assert "Ezra Sasson" not in text(client, "/speakers/?went_to=IL")
    assert '<label for="f-went-to">Went to</label>' in page


def test_the_speaker_page_does_not_wear_the_transcripts_speaker_class(client):
    page = text(client, "/speakers/miriam-toledano")
    assert '<article class="speaker-profile">' in page and 'class="speaker"' not in page
    assert "<dt>To</dt><dd>Israel</dd>" in page


def test_talk_request_errors_take_the_focus_and_the_form_explains_itself(client):
    form = text(client, "/request-a-talk/")
    assert "Fields marked" in form and "are required" in form
    assert "What we do with your details" in form
    response = client.post("/request-a-talk/", data={"csrf_token": csrf_token(form)})
    assert response.status_code == 400
    page = unescape(response.get_data(as_text=True))
    summary = re.search(r'<div class="form-errors"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert "<title>Error: Request a talk" in page
    field = re.search(r"<input[^>]*id=\"organisation\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="organisation-error"' in field
    assert 'id="organisation-error"' in page


def test_one_search_box_per_page(client):
    for url in ("/", "/search?q=Tripoli", "/speakers/", "/countries/"):
        assert text(client, url).count('type="search"') == 1, url


@pytest.fixture(scope="module")
def staff_client(tmp_path_factory, collection_dir):
    settings, sessions = ingested(tmp_path_factory.mktemp("browsing-staff"), collection_dir)
    with sessions.begin() as session:
        add_user(session, "rivka", "a long staff passphrase")
    client = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    login = {"csrf_token": token, "name": "rivka", "password": "a long staff passphrase"}
    assert client.post("/staff/login", data=login).status_code in (302, 303)
    return client


def test_the_ingest_run_page_says_its_counts_in_words(staff_client):
    runs = text(staff_client, "/staff/runs/")
    run_url = re.search(r'href="(/staff/runs/\d+)"', runs).group(1)
    page = text(staff_client, run_url)
    assert "<dt>Testimonies added</dt><dd>3</dd>" in page
    assert "<dt>Collections added</dt>" in page and "<dt>Testimonies indexed</dt>" in page
    assert "testimony_added" not in page and "collection_added" not in page
