"""The testimony page's HTML contract: the player region, the moment, the
parts and their captions, translations beside the original, links, chapter
keywords, long transcripts in pages, and transcript downloads."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY
from tests.web.page_collection import LONG_SEGMENTS, page_archive  # noqa: F401 (fixture)
from web.app import create_app


@pytest.fixture(scope="module")
def page_client(page_archive):  # noqa: F811
    return create_app(page_archive, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_downloads_of_a_missing_part_or_language_are_not_found(page_client):
    for url in (
        "/testimonies/P-1/transcript-3.vtt",
        "/testimonies/P-1/transcript-1.vtt?lang=de",
        "/testimonies/P-1/transcript.txt?lang=de",
        "/testimonies/P-1/transcript-0.vtt",
    ):
        assert page_client.get(url).status_code == 404, url
    french = page_client.get("/testimonies/P-1/transcript-2.vtt?lang=fr")
    assert french.status_code == 200 and "Partie 2, passage 0" in french.get_data(as_text=True)
    english = page_client.get("/testimonies/P-1/transcript.txt?lang=en")  # the original's language
    assert english.status_code == 200 and "Part 2, passage 0" in english.get_data(as_text=True)


def test_downloads_send_one_charset(page_client):
    for url, kind in (
        ("/testimonies/P-1/transcript-1.vtt", "text/vtt"),
        ("/testimonies/P-1/transcript.txt", "text/plain"),
        ("/testimonies/P-1/transcript.txt?lang=fr", "text/plain"),
    ):
        assert page_client.get(url).headers["Content-Type"] == f"{kind}; charset=utf-8", url
