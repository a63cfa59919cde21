"""The search results page in a real browser on the sample collection: at
375 px it does not scroll sideways and the facets are reached before the
results (by eye and by keyboard, without script); no serious accessibility
violation at 1280 or 375 px. Screenshots are saved for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser import accessibility_violations, horizontal_overflow, screenshots
from tests.server import running_server

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def base_url(samples_archive):
    settings, _sessions, _report = samples_archive
    with running_server(settings.data_dir) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def assert_no_sideways_scroll(page) -> None:
    assert page.viewport_size["width"] == PHONE["width"]
    assert horizontal_overflow(page) == []


def top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_at_375_px_no_sideways_scroll_and_the_filters_come_before_the_results(page, base_url):
    page.goto(base_url + "/search?q=Baghdad")
    assert_no_sideways_scroll(page)
    show = page.locator("a.show-filters")
    assert show.is_visible() and not page.locator(".facet").first.is_visible()
    assert top(page, "a.show-filters") < top(page, "ol.results > li")
    # By keyboard: from the search box, the filters come before any result.
    page.focus("#refine-q")
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        if focused in ("show-filters", "timecode") or page.evaluate(
            "!!document.activeElement.closest('ol.results')"
        ):
            break
    assert focused == "show-filters"
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Baghdad#filters")
    country = page.locator(".facet", has_text="Countries (told of)")
    assert country.is_visible() and top(page, ".facet") < top(page, "ol.results > li")
    assert_no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_path("search-filters-open-375")), full_page=True)
    country.locator("a", has_text="Iraq").click()
    page.wait_for_selector(".active-filters")
    assert "Countries (told of): Iraq" in page.inner_text(".active-filters")
    assert show.inner_text() == "Show filters (1 active)"
    assert_no_sideways_scroll(page)
    page.click("a.show-filters")
    page.click("a.hide-filters")
    assert not page.locator(".facet").first.is_visible()


@pytest.mark.parametrize(
    "address",
    [
        "/search?q=" + "Constantinopolitanischedudelsackpfeifenmachergesellschaft" * 2,
        "/search?q=Bagdad",  # did you mean
        "/search?q=they&page=2",
        "/search?q=farh*+OR+%22the+house%22&advanced=1",
        "/search?country=IQ&sort=recorded",
        "/search?q=they&origin=IQ&destination=IL#filters",
    ],
)
def test_at_375_px_other_states_of_the_page_do_not_scroll_sideways(page, base_url, address):
    page.goto(base_url + address)
    assert_no_sideways_scroll(page)


def test_at_375_px_from_and_to_filter_the_results_without_sideways_scroll(page, base_url):
    page.goto(base_url + "/search?q=they#filters")
    titles = page.locator(".facet h2").all_inner_texts()
    assert titles[:3] == ["Countries (told of)", "From", "To"]
    page.locator('.facet:has(h2:text-is("From")) a').first.click()
    page.wait_for_selector(".active-filters")
    assert page.inner_text(".active-filters").startswith("From: ")
    page.goto(page.url.split("#")[0] + "#filters")
    page.locator('.facet:has(h2:text-is("To")) a').first.click()
    page.wait_for_selector(".active-filters li:nth-child(2)")
    assert page.locator(".active-filters li").nth(1).inner_text().startswith("To: ")
    assert page.locator("ol.results > li").count() >= 1
    assert_no_sideways_scroll(page)
    page.goto(page.url.split("#")[0] + "#filters")
    assert_no_sideways_scroll(page)
    screenshots(page, "search-from-and-to")


def test_at_1280_px_the_facets_stand_beside_the_results(page, base_url):
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + "/search?q=Baghdad")
    assert not page.locator("a.show-filters").is_visible()
    facets, results = page.locator("aside.facets").bounding_box(), page.locator("ol.results")
    assert facets["x"] + facets["width"] <= results.bounding_box()["x"]
    assert page.locator(".result-facts").first.inner_text().startswith("Naima Khedouri · from Iraq")


def test_an_accession_query_shows_the_exact_match_first(page, base_url):
    page.goto(base_url + "/search?q=MV-0002")
    first = page.locator("ol.results > li").first
    assert "Exact match for the accession number" in first.inner_text()
    assert first.locator("h2 a").get_attribute("href") == "/testimonies/MV-0002"
    assert_no_sideways_scroll(page)
    screenshots(page, "search-exact-accession")


def test_the_results_page_has_no_serious_accessibility_violation(page, base_url):
    page.goto(base_url + "/search?q=Baghdad")
    screenshots(page, "search-results-baghdad")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for address in ("/search?q=Baghdad", "/search?q=Baghdad&country=IQ#filters"):
            page.goto(base_url + address)
            assert accessibility_violations(page) == [], (viewport, address)


def screenshot_path(name: str):
    from tests.browser import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
