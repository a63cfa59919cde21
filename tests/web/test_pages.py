"""The site: home, search results, testimony page, audio, errors."""

from __future__ import annotations

import re
from html import unescape


def test_home_lists_public_testimonies_and_shows_the_fictional_banner(client):
    page = client.get("/").get_data(as_text=True)
    assert "Test collection: every testimony is fictional." in page
    assert "Testimony T-1" in page and "Testimony T-2" in page
    assert "T-3" not in page  # restricted
    assert 'role="search"' in page and 'class="skip-link"' in page


def test_search_shows_moments_linking_to_the_time(client):
    page = client.get("/search?q=riots").get_data(as_text=True)
    assert "<mark>riots</mark>" in page
    links = re.findall(r'href="(/testimonies/T-1\?[^"]+)"', page)
    assert any(link.startswith("/testimonies/T-1?part=1&amp;t=7.0") for link in links)
    naples = client.get("/search?q=Naples").get_data(as_text=True)
    assert "/testimonies/T-1?part=1&amp;t=15.0&amp;q=Naples#seg-1-4" in naples  # anchors it
    marked = client.get("/testimonies/T-1?part=1&t=15.0&q=Naples").get_data(as_text=True)
    assert "We took a boat to <mark>Naples</mark> and then to Haifa." in marked
    assert ">0:00:07</a>" in page


def test_a_moment_link_opens_the_page_with_the_player_at_that_time(client):
    page = client.get("/testimonies/T-1?part=1&t=7.0").get_data(as_text=True)
    audio = re.search(r"<audio [^>]*>", page, re.S).group(0)
    assert 'src="/testimonies/T-1/audio/1#t=7.0"' in audio
    assert 'data-start="7.0"' in page  # the script seeks there and scrolls
    current = re.search(r'<li id="seg-1-2"\s+class="segment current"', page)
    assert current, "the segment playing at 7 s is marked current"
    assert "In November 1945 the riots came" in page


def test_testimony_page_shows_metadata_chapters_and_transcript(client):
    # The text as read: speakers, places and the rest are links now.
    page = unescape(re.sub(r"<[^>]+>", "", client.get("/testimonies/T-1").get_data(as_text=True)))
    for text in (
        "Miriam Toledano",
        "Test Interviewer",
        "2020-05, Tel Aviv",
        "Libya",
        "1945–1949",
        "Tripoli riots (1945, 1948)",
        "English",
        "The 1945 riots",
        "INTERVIEWER",
        "Where did you grow up?",
    ):
        assert text in page, text
    assert "#t=" not in page  # no start time asked for


def test_audio_is_served_with_range_support(client):
    with client.get("/testimonies/T-1/audio/1") as whole:
        assert whole.status_code == 200 and whole.mimetype == "audio/wav"
        data = whole.data
    with client.get("/testimonies/T-1/audio/1", headers={"Range": "bytes=100-199"}) as part:
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
        assert part.data == data[100:200]


def test_restricted_testimony_and_its_audio_do_not_exist_for_the_public(client):
    for url in ("/testimonies/T-3", "/testimonies/T-3/audio/1", "/testimonies/T-3?t=1"):
        with client.get(url) as response:
            assert response.status_code == 404, url
            assert "zygomorphic" not in response.get_data(as_text=True)
    results = client.get("/search?q=zygomorphic").get_data(as_text=True)
    assert "No testimony matches" in results and "T-3" not in results


def test_unknown_pages_get_the_sites_404(client):
    response = client.get("/testimonies/NOPE")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Not found" in page and "Back to the home page" in page


def test_bad_parameters_are_answered_not_raised(client):
    for url in (
        "/search?q=riots&page=x",
        "/search?q=riots&page=-3",
        "/search?q=%22(",
        "/testimonies/T-1?t=abc&part=zz",
        "/testimonies/T-1?t=-5",
        "/search",
    ):
        assert client.get(url).status_code == 200, url


def test_no_results_page_helps(client):
    page = client.get("/search?q=xylophonist").get_data(as_text=True)
    assert "No testimony matches" in page and "Try another spelling" in page


def test_empty_query_explains_what_to_type(client):
    assert "Type a word, a name or a place" in client.get("/search?q=").get_data(as_text=True)


def test_facets_filter_and_can_be_removed(client):
    page = unescape(client.get("/search?q=Baghdad").get_data(as_text=True))
    assert '<aside class="facets"' in page
    link = re.search(r'href="(/search\?q=Baghdad&country=IQ)"', page)
    assert link, "a country facet links to the filtered search"
    filtered = unescape(client.get(link.group(1)).get_data(as_text=True))
    assert "Countries (told of): Iraq" in filtered
    remove = re.search(r'<li>Countries \(told of\): Iraq <a href="([^"]+)"', filtered).group(1)
    assert remove == "/search?q=Baghdad"
    none = client.get("/search?q=Baghdad&country=LY").get_data(as_text=True)
    assert "No testimony matches" in none and "remove a filter" in none


def test_did_you_mean_links_to_the_corrected_search(client):
    page = unescape(client.get("/search?q=Napels").get_data(as_text=True))
    assert 'Did you mean <a href="/search?q=Naples">Naples</a>?' in page


def test_browse_by_filter_without_words(client):
    page = client.get("/search?country=LY").get_data(as_text=True)
    assert "Testimony T-1" in page and "Testimony T-2" not in page


def test_transcript_downloads_round_trip_through_our_parsers(client):
    from ingest.transcripts.plaintext import parse_plain_text
    from ingest.transcripts.webvtt import parse_webvtt

    with client.get("/testimonies/T-1/transcript-1.vtt") as response:
        assert response.status_code == 200 and response.mimetype == "text/vtt"
        assert response.headers["Content-Disposition"] == 'attachment; filename="T-1-1.vtt"'
        cues = parse_webvtt(response.data, "T-1-1.vtt").segments
    assert [(c.start, c.speaker) for c in cues][:2] == [(0.0, "INTERVIEWER"), (3.0, "MIRIAM")]
    assert cues[-1].text == "We took a boat to Naples and then to Haifa."
    with client.get("/testimonies/T-1/transcript.txt") as response:
        text = parse_plain_text(response.get_data(as_text=True), "T-1.txt")
    assert text.header["title"] == "Testimony T-1"
    assert [s.start for s in text.segments] == [0.0, 3.0, 7.0, 12.0, 15.0]
    for url in ("/testimonies/T-3/transcript.txt", "/testimonies/T-3/transcript-1.vtt"):
        assert client.get(url).status_code == 404


def test_citation_and_permalink(client):
    page = unescape(client.get("/testimonies/T-1").get_data(as_text=True))
    assert (
        "Miriam Toledano, interview by Test Interviewer, Tel Aviv, 2020-05, “Testimony T-1,” "
        "Test voices, accession T-1, http://localhost/testimonies/T-1 (accessed November 21, "
        "2026)."
    ) in page


def test_home_browses_by_origin_destination_theme_decade_with_a_timeline(client):
    page = unescape(client.get("/").get_data(as_text=True))
    assert "2</strong> testimonies" in page  # T-1 and T-2; T-3 is restricted
    assert '<a href="/countries/LY">Libya</a>' in page
    assert '<a href="/search?decade=1940">1940s</a>' in page
    assert '<table class="timeline-table">' in page and "Libya, 1940s: 1 testimony" in page
    assert "Syria" not in page  # restricted T-3's facts never counted


def test_country_and_theme_pages(client):
    assert "Speakers from Libya" in unescape(client.get("/countries/LY").get_data(as_text=True))
    assert client.get("/countries/ZZ").status_code == 404
    themes = unescape(client.get("/themes/").get_data(as_text=True))
    assert "Pogroms and riots" in themes and "Farhud (Baghdad, 1941)" in themes
    theme = unescape(client.get("/themes/farhud").get_data(as_text=True))
    assert "Part of" in theme and "Pogroms and riots" in theme
    assert client.get("/themes/none-such").status_code == 404


def test_an_unexpected_error_gets_the_sites_500_page_without_a_trace(archive_settings):
    from web.app import create_app

    app = create_app(archive_settings, {"TESTING": True})

    def broken():
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/broken", view_func=broken)
    response = app.test_client().get("/broken")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and "Back to the home page" in page
    assert "secret internal detail" not in page and "Traceback" not in page


def test_security_headers_on_pages_media_and_api(client):
    for url in ("/", "/testimonies/T-1", "/api/search?q=riots", "/nope"):
        with client.get(url) as response:
            csp = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
            assert "unsafe-inline" not in csp
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_every_sample_testimony_page_renders_multi_part_ones_with_their_part_headings(
    samples_client,
):
    """Four samples have more than one recording part; their pages answered 500
    (`loop` undefined in the included segment template)."""
    multipart = 0
    for accession in (f"MV-{n:04d}" for n in range(1, 25)):
        response = samples_client.get(f"/testimonies/{accession}")
        assert response.status_code in (200, 404), (accession, response.status_code)
        page = response.get_data(as_text=True)
        if "<h3>Part 2</h3>" in page:
            multipart += 1
            assert "<h3>Part 1</h3>" in page
    assert multipart >= 4


def test_the_server_error_page_has_a_readable_title(app):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    page = app.test_client().get("/boom-for-test")
    assert page.status_code == 500
    assert "<property object" not in page.get_data(as_text=True)
    assert "Internal Server Error" in page.get_data(as_text=True)
