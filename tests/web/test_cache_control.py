"""Caches: whatever is answered to a logged-in staff member — pages, audio,
transcripts, API answers, and hidden material above all — is `private,
no-store`, so no shared cache hands it to the next visitor; what the public
gets keeps its cacheable headers."""

from __future__ import annotations

import pytest

from archive.accounts import add_user
from tests.conftest import TODAY, ingested
from tests.web.test_speakers_programmes import csrf_token
from tests.web.test_staff import PASSWORD, login
from web.app import create_app

HIDDEN = [
    "/testimonies/T-3",
    "/testimonies/T-3?t=0&q=zygomorphic",
    "/testimonies/T-3/audio/1",
    "/testimonies/T-3/transcript.txt",
    "/testimonies/T-3/transcript-1.vtt",
    "/api/testimonies/T-3",
    "/api/search?q=zygomorphic",
    "/search?q=zygomorphic",
]
# Public material, but answered to staff alongside hidden material (the home
# page's counts and a search's facets include it) or from a staff page.
STAFF_ALSO = [
    "/",
    "/testimonies/T-1",
    "/testimonies/T-1/audio/1",
    "/api/testimonies/T-1",
    "/api/search?q=Tripoli",
    "/staff/",
    "/staff/runs/",
    "/does-not-exist",
]


@pytest.fixture(scope="module")
def app(tmp_path_factory, collection_dir):
    settings, sessions = ingested(tmp_path_factory.mktemp("cache-data"), collection_dir)
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})


def cache_control(client, url: str, **kwargs) -> tuple[int, set[str]]:
    with client.get(url, **kwargs) as response:
        header = response.headers.get("Cache-Control", "")
        return response.status_code, {part.strip() for part in header.split(",") if part}


def assert_not_stored(client, url: str, **kwargs) -> int:
    status, directives = cache_control(client, url, **kwargs)
    assert {"private", "no-store"} <= directives, (url, directives)
    assert "public" not in directives and not any(d.startswith("max-age") for d in directives)
    return status


def test_hidden_material_answered_to_staff_is_private_and_not_stored(app):
    staff = app.test_client()
    login(staff)
    for url in HIDDEN:
        assert assert_not_stored(staff, url) == 200, url


def test_hidden_audio_ranges_and_revalidations_are_not_stored_either(app):
    staff = app.test_client()
    login(staff)
    url = "/testimonies/T-3/audio/1"
    assert assert_not_stored(staff, url, headers={"Range": "bytes=0-99"}) == 206
    with staff.get(url) as response:
        etag = response.headers["ETag"]
    assert assert_not_stored(staff, url, headers={"If-None-Match": etag}) == 304


def test_every_answer_to_a_logged_in_staff_member_is_private_and_not_stored(app):
    staff = app.test_client()
    login(staff)
    for url in STAFF_ALSO:
        assert_not_stored(staff, url)


def test_the_login_answer_itself_is_not_stored(app):
    client = app.test_client()
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    with client.post(
        "/staff/login", data={"csrf_token": token, "name": "rivka", "password": PASSWORD}
    ) as response:
        assert response.status_code == 303
        assert "no-store" in response.headers["Cache-Control"]


def test_public_answers_keep_cacheable_headers(app):
    public = app.test_client()
    status, directives = cache_control(public, "/testimonies/T-1/audio/1")
    assert status == 200 and {"public", "max-age=3600"} <= directives
    with public.get("/testimonies/T-1/audio/1") as response:
        # A shared cache keys answers by cookie: a staff member's request
        # never gets a stored public answer in place of its own.
        assert "Cookie" in response.headers.get("Vary", "")
    for url in ("/", "/testimonies/T-1", "/testimonies/T-1/transcript.txt", "/api/testimonies/T-1"):
        status, directives = cache_control(public, url)
        assert status == 200 and "no-store" not in directives and "private" not in directives


def test_after_logout_the_public_answers_are_cacheable_again(app):
    client = app.test_client()
    login(client)
    assert_not_stored(client, "/testimonies/T-1/audio/1")
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    status, directives = cache_control(client, "/testimonies/T-1/audio/1")
    assert status == 200 and "public" in directives
    assert cache_control(client, "/testimonies/T-3/audio/1")[0] == 404
