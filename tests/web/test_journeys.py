"""One journey per kind of user, in chromium against a real server, each leaving
screenshots at 1280 and 375 px in .test-artifacts/journeys/ for a person to look
at: the public listening from a moment, a speaker coordinator requesting a talk,
an archivist ingesting a collection with the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.browser import ARTIFACTS, WIDTHS
from tests.collections import default_manifest, make_collection
from tests.conftest import fresh_settings
from tests.postgres import database_url_for
from tests.server import running_server
from tests.web.conftest import SERVER_ENVIRONMENT, STAFF_NAME, STAFF_PASSWORD

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "journeys"
HEIGHT = 800

# Where the moment's segment, the player and its audio lie against the viewport.
LAYOUT = """selector => {
  const box = document.querySelector(selector).getBoundingClientRect();
  const player = document.querySelector('.player').getBoundingClientRect();
  const audio = document.querySelector('.player-part:not([hidden]) audio').getBoundingClientRect();
  return {top: box.top, playerBottom: player.bottom, audioTop: audio.top,
          audioBottom: audio.bottom, height: innerHeight};
}"""


@pytest.fixture(scope="module")
def base_url(demo_site):
    """A second server over the demo site: its own (per-process) count of talk
    requests, so the journeys' requests leave the page checks' allowance alone."""
    with running_server(demo_site.data_dir, environment=SERVER_ENVIRONMENT) as url:
        yield url


def snap(page, name: str, subject=None, full_page: bool = False) -> None:
    """What the person sees now at the width they use: the viewport (scrolled to
    the subject, a locator, when given) or the whole page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if subject is not None:
        subject.scroll_into_view_if_needed()
    path = SHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=full_page)


def assert_in_view(page, selector: str) -> None:
    where = page.evaluate(LAYOUT, selector)
    # The audio is on screen, and the segment below the player, not under it.
    assert where["audioTop"] >= 0 and where["audioBottom"] <= where["height"], where
    assert where["playerBottom"] - 1 <= where["top"] < where["height"] - 20, where


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_searches_and_listens_from_a_moment_into_part_two(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = context.new_page()
    page.goto(base_url + "/")
    page.locator("input[name=q]:visible").first.fill("Baghdad")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.results")
    snap(page, "public-1-results")

    result = page.locator("li.result", has=page.locator('h2 a[href="/testimonies/MV-0002"]'))
    moment = result.locator('.moments a.timecode[href*="#seg-"]').first
    href = moment.get_attribute("href")
    start = float(re.search(r"[?&]t=([\d.]+)", href).group(1))
    segment = "#" + href.split("#")[1]
    moment.click()
    page.wait_for_url("**/testimonies/MV-0002?**")
    page.wait_for_function(
        f"() => Math.abs(document.getElementById('player-1').currentTime - {start}) < 0.5"
    )
    assert "current" in page.get_attribute(segment, "class")
    assert_in_view(page, segment)
    snap(page, "public-2-moment")

    page.evaluate("document.getElementById('player-1').play()")
    page.wait_for_function(
        f"() => document.getElementById('player-1').currentTime > {start} + 0.5", timeout=20_000
    )
    # To the last second of part 1: playback goes on into part 2, and so does the transcript.
    page.evaluate("const a = document.getElementById('player-1'); a.currentTime = a.duration - 1")
    page.wait_for_function(
        "() => document.getElementById('player-2').currentTime > 0.3", timeout=20_000
    )
    assert page.evaluate("document.getElementById('player-2').paused") is False
    page.wait_for_selector(".transcript .segment.current[id^='seg-2-']")
    current = "#" + page.get_attribute(".transcript .segment.current", "id")
    assert_in_view(page, current)
    snap(page, "public-3-part-two")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_requests_a_talk_that_reaches_the_staff_queue(browser, base_url, width):
    organisation = f"Casablanca Heritage Society ({width})"
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = context.new_page()
    page.goto(base_url + "/speakers/")
    page.select_option("#f-country", "MA")
    page.select_option("#f-language", "fr")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/speakers/?*country=MA*")
    card = page.locator(".speaker-card", has_text="Messody Ouaknine")
    assert "French" in card.inner_text() and "Morocco" in card.inner_text()
    for other in page.locator(".speaker-card").all():
        assert "French" in other.inner_text(), other.inner_text()
    snap(page, "coordinator-1-speakers", subject=card)

    card.locator("a.button", has_text="Request a talk").click()
    page.wait_for_url("**/request-a-talk/?speaker=messody-ouaknine")
    assert page.input_value("#speaker") == "messody-ouaknine"
    page.fill("#organisation", organisation)
    page.fill("#contact_name", "Leila Amzallag")
    page.fill("#email", "leila@example.org")
    page.fill("#preferred_dates", "A Thursday in May")
    page.fill("#audience_size", "35")
    snap(page, "coordinator-2-request", full_page=True)
    page.click("form.request-form button[type=submit]")
    page.wait_for_url("**/request-a-talk/thanks")
    assert organisation in page.inner_text("main")
    snap(page, "coordinator-3-thanks")
    context.close()

    # The staff member who handles requests, on another computer.
    staff = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = staff.new_page()
    page.goto(base_url + "/staff/requests/")
    page.wait_for_url("**/staff/login?next=*")
    page.fill("#name", STAFF_NAME)
    page.fill("#password", STAFF_PASSWORD)
    page.click("form.request-form button[type=submit]")
    page.wait_for_url("**/staff/requests/")
    row = page.locator(".staff-table tr", has_text=organisation)
    assert "Messody Ouaknine" in row.inner_text() and "requested" in row.inner_text()
    snap(page, "coordinator-4-staff-queue", subject=row)
    staff.close()


def testimony(*args: str, data_dir) -> subprocess.CompletedProcess:
    """The `testimony` command as an archivist types it."""
    return subprocess.run(
        [sys.executable, "-m", "web", *args],
        env={
            **os.environ,
            "TESTIMONY_DATA_DIR": str(data_dir),
            "TESTIMONY_DATABASE_URL": database_url_for(data_dir),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_archivist_ingests_a_collection_with_an_error_then_fixed(browser, tmp_path):
    manifest = default_manifest()
    manifest["testimonies"][0]["countries"] = ["Lybia"]  # a typing error
    folder = make_collection(tmp_path / "new-collection", manifest)
    data = fresh_settings(tmp_path / "data").data_dir
    assert testimony("init", data_dir=data).returncode == 0

    dry = testimony("ingest", str(folder), "--dry-run", data_dir=data)
    assert dry.returncode == 1, dry.stdout + dry.stderr
    lines = (folder / "manifest.yaml").read_text().splitlines()
    value = next(n for n, text in enumerate(lines, 1) if "Lybia" in text)
    # The file, the line holding the value (not the entry's first), the field, the value
    # and what was meant are named.
    named = re.search(r"error: manifest\.yaml:(\d+) .*countries.*'Lybia'.*'Libya'", dry.stdout)
    assert named and int(named.group(1)) == value, dry.stdout
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "archivist-1-dry-run.txt").write_text(dry.stdout)
    found = testimony("search", "Naples", "--json", data_dir=data)
    assert json.loads(found.stdout)["total"] == 0, "the dry run wrote nothing"

    (folder / "manifest.yaml").write_text("\n".join(lines).replace("Lybia", "LY") + "\n")
    done = testimony("ingest", str(folder), data_dir=data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    (SHOTS / "archivist-2-ingest.txt").write_text(done.stdout)

    with running_server(data, environment=SERVER_ENVIRONMENT) as url:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": HEIGHT})
            page = context.new_page()
            page.goto(url + "/testimonies/T-1")
            assert page.inner_text("h1") == "Testimony T-1"
            assert "Libya" in page.inner_text("main")
            page.wait_for_function("() => document.getElementById('player-1').readyState >= 1")
            assert "We took a boat to Naples" in page.inner_text(".transcript")
            snap(page, "archivist-3-testimony", full_page=True)
            context.close()
