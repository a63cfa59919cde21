"""A person's path through the site, in a real browser against the real server."""

from __future__ import annotations

import pytest

from tests.browser import chromium_browser, screenshots
from tests.server import running_server


@pytest.fixture(scope="module")
def base_url(archive_settings):
    with running_server(archive_settings.data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_search_open_a_moment_and_the_player_is_at_that_time(page, base_url):
    page.goto(base_url + "/")
    screenshots(page, "home")
    page.fill("#home-q", "Naples")
    page.press("#home-q", "Enter")
    page.wait_for_selector("ol.results")
    assert page.inner_text("ol.results mark") == "Naples"
    screenshots(page, "search-results")
    page.click("ol.results .moments a.timecode")
    page.wait_for_url("**/testimonies/T-1?part=1&t=15.0#seg-1-4")
    page.wait_for_function("document.getElementById('player-1').readyState >= 1")
    page.wait_for_function("Math.abs(document.getElementById('player-1').currentTime - 15) < 0.5")
    current = page.locator(".transcript .segment.current")
    assert "We took a boat to Naples" in current.inner_text()
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
