"""The testimony page's HTML contract: the player region, the moment, the
parts and their captions, translations beside the original, links, chapter
keywords, long transcripts in pages, and transcript downloads."""

from __future__ import annotations

import re
from html import unescape

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


def test_one_player_region_shows_the_moments_part_and_lists_the_parts(page_client):
    page = html(page_client, "/testimonies/P-1?part=2&t=30.0")
    region = re.search(r'<section class="player".*?</section>', page, re.S).group(0)
    assert 'Listen: part <span class="part-number">2</span> of 2' in region
    one = re.search(r'<div class="player-part" data-part="1"( hidden)?>', region).group(1)
    two = re.search(r'<div class="player-part" data-part="2"( hidden)?>', region).group(1)
    assert (one, two) == (" hidden", None)  # without script: the moment's part is the one shown
    assert 'src="/testimonies/P-1/audio/2#t=30.0"' in region
    assert 'src="/testimonies/P-1/audio/1"' in region  # part 1 from its start
    links = re.findall(r'<a class="part-link"[^>]*href="([^"]+)"', region)
    assert [unescape(link) for link in links] == [
        "/testimonies/P-1?part=1#seg-1-0",
        "/testimonies/P-1?part=2#seg-2-40",  # without script: the part's first segment
    ]
    assert re.search(r'data-part="2" data-start="0" aria-current="true"', region)
    assert re.search(r'<li id="seg-2-50"\s+class="segment current"', page)


def test_without_a_recording_the_player_region_does_not_stay_in_view(page_client):
    page = html(page_client, "/testimonies/P-3")
    assert '<section class="player no-audio"' in page
    assert "No recording is available for this testimony." in page
    assert "A transcript without a recording." in page and "<audio" not in page


def test_each_part_carries_its_transcript_and_translation_as_tracks(page_client):
    page = html(page_client, "/testimonies/P-1")
    for part in (1, 2):
        audio = re.search(rf'<audio id="player-{part}".*?</audio>', page, re.S).group(0)
        tracks = re.findall(r"<track [^>]*>", audio, re.S)
        assert len(tracks) == 2, audio
        assert 'kind="captions" default label="English" srclang="en"' in tracks[0]
        assert f'src="/testimonies/P-1/transcript-{part}.vtt"' in tracks[0]
        assert 'kind="subtitles" label="French" srclang="fr"' in tracks[1]
        assert f'src="/testimonies/P-1/transcript-{part}.vtt?lang=fr"' in unescape(tracks[1])
        for track in tracks:
            src = unescape(re.search(r'src="([^"]+)"', track).group(1))
            response = page_client.get(src)
            assert response.status_code == 200 and response.data.startswith(b"WEBVTT"), src


def test_a_chapter_link_on_the_page_anchors_the_segment_at_its_time(page_client):
    page = unescape(html(page_client, "/testimonies/P-1"))
    assert 'href="/testimonies/P-1?part=1&t=60.0#seg-1-20">Part 1, 0:01:00</a>' in page
    assert 'href="/testimonies/P-1?part=2&t=30.0#seg-2-50">Part 2, 0:00:30</a>' in page


def test_a_chapter_hit_without_an_anchor_marks_the_segment_and_asks_the_script_to_scroll(
    page_client,
):
    page = html(page_client, "/testimonies/P-1?part=1&t=60.0&q=harbour")
    assert re.search(
        r'<article class="testimony" data-start="60.0" data-part="1" data-moment="1"', page
    )
    assert re.search(r'<li id="seg-1-20"\s+class="segment current"', page)
    plain = html(page_client, "/testimonies/P-1")
    assert "data-moment" not in plain and "segment current" not in plain


def test_a_chapter_title_stands_in_the_transcript_above_its_first_segment(page_client):
    page = html(page_client, "/testimonies/P-1?part=1&t=60.0&q=middle")
    mark = re.search(r'<li class="chapter-mark">(.*?)</li>\s*<li id="([^"]+)"', page, re.S)
    assert mark.group(2) == "seg-1-20"
    assert "The <mark>middle</mark> of part one" in mark.group(1)  # a chapter hit's words
    assert page.count('class="chapter-mark"') == 2


def test_chapter_keywords_are_shown_and_search_for_themselves(page_client):
    page = unescape(html(page_client, "/testimonies/P-1"))
    assert '<a href="/search?q=harbour">harbour</a>' in page
    assert '<a href="/search?q=night+boat">night boat</a>' in page


def test_people_places_countries_themes_and_years_link_to_their_pages(client):
    page = unescape(html(client, "/testimonies/T-1"))
    assert '<a href="/speakers/miriam-toledano">Miriam Toledano</a>' in page
    assert '<a href="/countries/LY">Libya</a>' in page
    assert '<a href="/themes/tripoli-riots">' in page
    assert '<a href="/search?decade=1940">1945–1949</a>' in page
    assert '2020-05, <a href="/search?q=Tel+Aviv">Tel Aviv</a>' in page
    two = unescape(html(client, "/testimonies/T-2"))
    assert '<a href="/search?decade=1940&decade=1950">1948–1951</a>' in two
    for link in ("/speakers/miriam-toledano", "/countries/LY", "/themes/tripoli-riots"):
        assert client.get(link).status_code == 200, link


def test_translation_sits_beside_each_segment_it_translates(page_client):
    page = html(page_client, "/testimonies/P-1")
    assert "<details" not in page  # no longer a collapsed section below
    assert '<ol class="transcript original bilingual" lang="en">' in page
    row = re.search(r'<li id="seg-2-43".*?</li>', page, re.S).group(0)
    original = re.search(r'<div class="original" lang="en">(.*?)</div>', row, re.S).group(1)
    translation = re.search(r'<div class="translation" lang="fr">(.*?)</div>', row, re.S).group(1)
    assert "Part 2, passage 3:" in original
    assert "Partie 2, passage 3 :" in translation and "passage 4" not in translation
    # The phone switch: real radio buttons with labels, "both" chosen (no script needed).
    switch = re.search(r'<fieldset class="language-switch">.*?</fieldset>', page, re.S).group(0)
    assert switch.count('type="radio"') == 3 and 'value="both" checked' in switch
    assert "English (original)" in switch and "French</label>" in switch


def test_translations_cut_differently_join_the_segment_playing_at_their_start(page_client):
    page = html(page_client, "/testimonies/P-2")

    def translated(position: int) -> list[str]:
        row = re.search(rf'<li id="seg-1-{position}".*?</li>', page, re.S).group(0)
        column = re.search(r'<div class="translation" lang="(\w+)">(.*?)</div>', row, re.S)
        return [
            column.group(1),
            *re.findall(r'<span class="text" dir="auto">([^<]+)', column.group(2)),
        ]

    # German is shown first (languages in order); what comes before the first
    # segment joins it, and each line joins the segment playing when it starts.
    assert translated(0) == ["de", "Vorher.", "Eins."]
    assert translated(1) == ["de", "Zwei."]
    assert translated(2) == ["de", "Drei.", "Danach."]
    choice = unescape(re.search(r'<p class="translation-choice">.*?</p>', page, re.S).group(0))
    assert "<strong>German</strong>" in choice
    assert 'href="/testimonies/P-2?lang=fr&page=1#transcript-h">French</a>' in choice
    french = html(page_client, "/testimonies/P-2?lang=fr")
    assert '<div class="translation" lang="fr">' in french and "Deux." in french
    assert "Zwei." not in french


def test_a_page_without_translation_keeps_the_single_column(client):
    page = html(client, "/testimonies/T-1")
    assert '<ol class="transcript original" lang="en">' in page
    assert "language-switch" not in page and 'class="translation"' not in page


def test_a_long_transcript_is_paged_and_a_moment_opens_its_page(page_client):
    first = html(page_client, "/testimonies/P-LONG")
    assert first.count('class="segment') == 400
    assert 'id="seg-1-0"' in first and 'id="seg-1-400"' not in first
    assert f"Segments 1–400 of {LONG_SEGMENTS}" in first
    assert 'data-next-part="1" data-next-start="200.0"' in first  # where playback turns the page
    pages = re.findall(r'<nav class="transcript-pages".*?</nav>', first, re.S)
    assert len(pages) == 2  # above and below the transcript
    assert unescape('href="/testimonies/P-LONG?page=2#transcript-h"') in unescape(pages[0])
    moment = html(page_client, "/testimonies/P-LONG?part=1&t=325.0&q=passage")
    assert f"Segments 801–{LONG_SEGMENTS} of {LONG_SEGMENTS}" not in moment
    assert "Segments 401–800" in moment
    assert re.search(r'<li id="seg-1-650"\s+class="segment current"', moment)
    assert "Long <mark>passage</mark> number 650" in moment  # the search's words still marked
    assert 'data-from-part="1" data-from-start="200.0"' in moment
    last = html(page_client, "/testimonies/P-LONG?page=3")
    assert f"Segments 801–{LONG_SEGMENTS} of {LONG_SEGMENTS}" in last and "data-next-" not in last
    for odd in ("?page=0", "?page=99", "?page=x", "?part=7&t=inf", "?part=-3&t=nan"):
        assert page_client.get("/testimonies/P-LONG" + odd).status_code == 200, odd
    for huge in ("?page=99999999999999999999999", "?part=99999999999&t=3"):
        assert page_client.get("/testimonies/P-LONG" + huge).status_code == 404, huge


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
