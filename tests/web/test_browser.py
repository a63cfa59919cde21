"""A person's path through the site, in a real browser against the real server."""

from __future__ import annotations

import pytest

from tests.browser import screenshots
from tests.server import running_server


@pytest.fixture(scope="module")
def base_url(archive_settings):
    with running_server(archive_settings.data_dir) as url:
        yield url


def test_search_open_a_moment_and_the_player_is_at_that_time(page, base_url):
    page.goto(base_url + "/")
    screenshots(page, "home")
    page.fill("#home-q", "Naples")
    page.press("#home-q", "Enter")
    page.wait_for_selector("ol.results")
    assert page.inner_text("ol.results mark") == "Naples"
    screenshots(page, "search-results")
    page.click("ol.results .moments a.timecode")
    page.wait_for_url("**/testimonies/T-1?part=1&t=15.0&q=Naples#seg-1-4")
    page.wait_for_function("document.getElementById('player-1').readyState >= 1")
    page.wait_for_function("Math.abs(document.getElementById('player-1').currentTime - 15) < 0.5")
    current = page.locator(".transcript .segment.current")
    assert "We took a boat to Naples" in current.inner_text()
    assert current.locator("mark").inner_text() == "Naples"  # the words searched are marked
    screenshots(page, "testimony-at-moment")


def test_clicking_a_timecode_seeks_without_reloading(page, base_url):
    page.goto(base_url + "/testimonies/T-1")
    page.wait_for_function("document.getElementById('player-1').readyState >= 1")
    page.evaluate("window.__marker = 'same page'")
    page.click("#seg-1-2 a.timecode")
    page.wait_for_function("Math.abs(document.getElementById('player-1').currentTime - 7) < 0.8")
    assert page.evaluate("window.__marker") == "same page"
    assert "t=7.0" in page.url
    assert "current" in page.get_attribute("#seg-1-2", "class")


def test_search_apply_a_facet_open_a_moment(page, base_url):
    page.goto(base_url + "/search?q=citizenship+riots")
    assert page.locator("ol.results > li").count() == 2
    page.click("aside.facets a:has-text('Iraq')")
    page.wait_for_selector(".active-filters")
    assert "Countries (told of): Iraq" in page.inner_text(".active-filters")
    screenshots(page, "search-facet")
    assert page.locator("ol.results > li").count() == 1
    page.click("ol.results .moments a.timecode")
    page.wait_for_url("**/testimonies/T-2?part=1&t=9.0&q=citizenship+riots#seg-1-2")
    page.wait_for_function("document.getElementById('player-1').readyState >= 1")
    page.wait_for_function("Math.abs(document.getElementById('player-1').currentTime - 9) < 0.5")


def test_find_a_speaker_by_country_and_open_their_page(page, base_url):
    page.goto(base_url + "/speakers/")
    page.select_option("#f-country", "LY")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/speakers/?country=LY**")
    assert page.locator(".speaker-card").count() == 1
    screenshots(page, "speaker-finder")
    page.click(".speaker-card a")
    page.wait_for_url("**/speakers/miriam-toledano")
    assert "Fictional test speaker." in page.inner_text("article.speaker-profile")
    screenshots(page, "speaker-page")


def test_request_a_talk_errors_then_confirmation(page, base_url):
    page.goto(base_url + "/request-a-talk/")
    page.fill("#email", "not an email")
    page.click("form.request-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    errors = page.inner_text(".form-errors")
    assert "Tell us which organisation is asking." in errors
    assert "This does not look like an email address" in errors
    screenshots(page, "request-errors")
    page.fill("#organisation", "Riverside University Hillel")
    page.fill("#contact_name", "Noa Cohen")
    page.fill("#email", "noa@example.org")
    page.fill("#audience_size", "40")
    page.click("form.request-form button[type=submit]")
    page.wait_for_url("**/request-a-talk/thanks")
    assert "Riverside University Hillel" in page.inner_text("main")
    screenshots(page, "request-confirmation")


def test_a_testimony_page_by_keyboard_alone(page, base_url):
    page.goto(base_url + "/testimonies/T-1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab on to the player, then to the first transcript timecode, and play from it.
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "document.activeElement.tagName + ':' + (document.activeElement.getAttribute('href') || '')"
            )
        )
        if "#seg-1-2" in focused[-1]:
            break
    assert any(f.startswith("AUDIO") for f in focused), focused
    assert "#seg-1-2" in focused[-1], focused
    page.wait_for_function("document.getElementById('player-1').readyState >= 1")
    page.keyboard.press("Enter")
    page.wait_for_function("Math.abs(document.getElementById('player-1').currentTime - 7) < 0.8")
    assert "current" in page.get_attribute("#seg-1-2", "class")
    screenshots(page, "testimony-keyboard")
