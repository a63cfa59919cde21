"""Speaker finder, speaker pages, programmes, talks and talk requests."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from archive.models import TalkRequest


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def test_find_a_speaker_by_country_format_and_theme(client):
    assert "Miriam Toledano" in text(client, "/speakers/?country=LY")
    assert "Miriam Toledano" not in text(client, "/speakers/?country=IQ")
    assert "Miriam Toledano" in text(client, "/speakers/?format=in_person&theme=pogroms-riots")
    assert "Miriam Toledano" not in text(client, "/speakers/?format=virtual")
    assert "Miriam Toledano" in text(client, "/speakers/?from=1945&to=1950")


def test_a_speaker_known_only_from_restricted_testimonies_is_not_public(client):
    # Ezra Sasson speaks in T-2 (public) and T-3 (restricted): listed, but T-3 never shown.
    page = text(client, "/speakers/ezra-sasson")
    assert "Testimony T-2" in page and "T-3" not in page


def test_speaker_page_lists_testimonies_and_talks(client):
    page = text(client, "/speakers/miriam-toledano")
    assert "Fictional test speaker." in page and "Myriam Toledano" in page
    assert "Testimony T-1" in page
    assert "Leaving Tripoli" in page and "Past talks" in page
    assert "Request a talk with Miriam Toledano" in page


def test_programmes_and_talks(client):
    assert "Spring campus season" in text(client, "/programmes/")
    programme = text(client, "/programmes/spring-season")
    assert "Leaving Tripoli" in programme and "Delivered" in programme
    assert "Leaving Tripoli" in text(client, "/talks/?when=past")
    assert "No talk matches" in text(client, "/talks/?when=upcoming")
    assert client.get("/programmes/nothing").status_code == 404


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_request_a_talk_shows_errors_then_confirms(client, sessions):
    form = client.get("/request-a-talk/?speaker=miriam-toledano").get_data(as_text=True)
    assert '<option selected value="miriam-toledano">' in form
    token = csrf_token(form)
    bad = client.post(
        "/request-a-talk/",
        data={
            "csrf_token": token,
            "organisation": "",
            "email": "not-an-email",
            "audience_size": "0",
        },
    )
    assert bad.status_code == 400
    page = unescape(bad.get_data(as_text=True))
    assert "Tell us which organisation is asking." in page
    assert "This does not look like an email address" in page
    assert "Give the expected number of people, 1 or more." in page
    good = client.post(
        "/request-a-talk/",
        data={
            "csrf_token": token,
            "organisation": "Hillside College Hillel",
            "contact_name": "Dana Levi",
            "email": "dana@example.org",
            "audience_size": "60",
            "format": "in_person",
            "speaker": "miriam-toledano",
            "topics": "Libya, 1945",
        },
    )
    assert good.status_code == 303
    thanks = text(client, good.headers["Location"])
    assert "Hillside College Hillel" in thanks and "dana@example.org" in thanks
    with sessions() as session:
        stored = session.scalars(
            select(TalkRequest).where(TalkRequest.organisation == "Hillside College Hillel")
        ).one()
    assert (stored.email, stored.audience_size, stored.status) == (
        "dana@example.org",
        60,
        "requested",
    )


def test_a_form_post_without_csrf_token_is_refused(client, sessions):
    response = client.post(
        "/request-a-talk/",
        data={"organisation": "No token Org", "contact_name": "X", "email": "x@y.org"},
    )
    assert response.status_code == 400
    with sessions() as session:
        assert (
            session.scalars(
                select(TalkRequest).where(TalkRequest.organisation == "No token Org")
            ).first()
            is None
        )
