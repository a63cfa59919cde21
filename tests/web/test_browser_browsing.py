"""The browsing pages in a real browser over the demo samples: nothing sticks
out sideways on a 375 px phone, no serious accessibility problem at 1280 or
375 px, the timeline and the talk-request form work, and the speaker page is
not styled as a transcript's speaker label."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from archive.accounts import add_user
from ingest.pipeline import run_ingest
from tests.browser import accessibility_violations, horizontal_overflow, screenshots
from tests.conftest import SAMPLES, fresh_settings, initialised
from tests.server import running_server

PASSWORD = "a long staff passphrase"
PUBLIC_PAGES = [
    "/",
    "/countries/",
    "/countries/IQ",
    "/countries/IL",
    "/themes/",
    "/themes/pogroms-riots",
    "/decades/",
    "/speakers/",
    "/speakers/naima-khedouri",
    "/programmes/",
    "/talks/?when=all",
    "/request-a-talk/",
]
STAFF_PAGES = ["/staff/", "/staff/runs/", "/staff/runs/1", "/staff/requests/"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The samples in a data folder of their own, with a staff account."""
    settings = fresh_settings(tmp_path_factory.mktemp("browsing-samples"))
    sessions = initialised(settings)
    run_ingest(SAMPLES, sessions=sessions, index_dir=settings.index_dir)
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    with running_server(settings.data_dir) as url:
        yield url


def log_in(page, base_url: str) -> None:
    page.goto(base_url + "/staff/login")
    page.fill("#name", "rivka")
    page.fill("#password", PASSWORD)
    page.click("form.request-form button[type=submit]")
    page.wait_for_url("**/staff/")


def check_pages(page, base_url: str, paths: list[str]) -> dict[str, object]:
    problems: dict[str, object] = {}
    for path in paths:
        page.goto(base_url + path)
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 800})
            found = accessibility_violations(page)
            if width == 375:
                found += horizontal_overflow(page)
            if found:
                problems[f"{path} at {width}"] = found
    return problems


def test_public_browsing_pages_fit_a_phone_and_pass_axe(phone, base_url):
    assert check_pages(phone, base_url, PUBLIC_PAGES) == {}


def test_staff_pages_fit_a_phone_and_pass_axe(phone, base_url):
    log_in(phone, base_url)
    assert check_pages(phone, base_url, STAFF_PAGES) == {}


def test_the_speaker_page_is_not_styled_as_a_transcript_speaker_label(phone, base_url):
    phone.set_viewport_size({"width": 1280, "height": 800})
    phone.goto(base_url + "/testimonies/MV-0001")
    label = phone.locator(".transcript .speaker").first
    label_style = label.evaluate(
        "e => [getComputedStyle(e).fontSize, getComputedStyle(e).fontWeight]"
    )
    phone.goto(base_url + "/speakers/naima-khedouri")
    body_style = phone.locator("article p.biography").evaluate(
        "e => [getComputedStyle(e).fontSize, getComputedStyle(e).fontWeight]"
    )
    assert body_style != label_style
    assert body_style == phone.evaluate(
        "[getComputedStyle(document.body).fontSize, getComputedStyle(document.body).fontWeight]"
    )
    screenshots(phone, "browsing-speaker-page")


def test_a_timeline_cell_on_a_phone_opens_that_country_and_decade(phone, base_url):
    phone.goto(base_url + "/")
    screenshots(phone, "browsing-home")
    phone.set_viewport_size({"width": 375, "height": 800})
    cell = phone.locator('a.decade-cell[href="/search?country=IQ&decade=1940"]')
    assert cell.is_visible()
    cell.click()
    phone.wait_for_url("**/search?country=IQ&decade=1940")
    assert phone.locator("ol.results > li").count() >= 1


def test_talk_request_errors_take_the_focus(phone, base_url):
    phone.goto(base_url + "/request-a-talk/")
    phone.click("form.request-form button[type=submit]")
    phone.wait_for_selector("#errors")
    # autofocus is applied by the browser after the page has loaded, not when
    # the element appears: wait for it (fails if focus never lands there).
    # expect() polls from Playwright's side: the page's script-src 'self'
    # forbids the eval a wait_for_function expression would need.
    expect(phone.locator("#errors")).to_be_focused(timeout=5000)
    assert accessibility_violations(phone) == []
    screenshots(phone, "browsing-request-errors")
