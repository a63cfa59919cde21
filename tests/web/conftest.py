"""The demo site for the crawl, the phone, accessibility and journey tests: samples/
ingested into a folder of its own (these tests write: a staff account, talk
requests), served by a real `testimony serve` for the whole test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.accounts import add_user
from archive.programmes.talk_requests import TalkRequestDraft, save_talk_request
from ingest.pipeline import run_ingest
from tests.browser import chromium_browser
from tests.conftest import SAMPLES, fresh_settings, initialised
from tests.server import running_server
from tests.web.page_kinds import Visitor

STAFF_NAME = "archivist"
STAFF_PASSWORD = "a long staff passphrase"
# A crawl or a page-by-page check is one client asking fast: the search rate
# limit (TESTIMONY_SEARCH_RATE_LIMIT) is for visitors, not for these tests.
SERVER_ENVIRONMENT = {"TESTIMONY_SEARCH_RATE_LIMIT": "off"}


def pytest_collection_modifyitems(items) -> None:
    """Every tests/web/test_browser*.py drives chromium: marked `browser` here, so
    that a new one is deselected by `-m "not browser"` without remembering to."""
    for item in items:
        if item.path.name.startswith("test_browser"):
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class Site:
    base_url: str
    data_dir: Path


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Site:
    settings = fresh_settings(tmp_path_factory.mktemp("demo-site"))
    sessions = initialised(settings)
    report = run_ingest(SAMPLES, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    with sessions.begin() as session:
        add_user(session, STAFF_NAME, STAFF_PASSWORD)
        # So that the staff request pages have one to show.
        save_talk_request(
            session,
            TalkRequestDraft(
                organisation="Northgate College Jewish Society",
                contact_name="Dana Levi",
                email="dana@example.org",
                preferred_dates="A Tuesday evening in March",
                audience_size=60,
                audience_type="Students",
                format="in_person",
                topics="Leaving Baghdad in 1951",
                speaker_slug="naima-khedouri",
            ),
        )
    with running_server(settings.data_dir, environment=SERVER_ENVIRONMENT) as url:
        yield Site(url, settings.data_dir)


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module; each test opens its own context in it."""
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) at the default size."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A fresh browser context at a 375 px phone's width."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def visitor(demo_site):
    """Chromium visiting kinds of page of the demo site, public and as staff."""
    with chromium_browser() as browser:
        visitor = Visitor(browser, demo_site.base_url, (STAFF_NAME, STAFF_PASSWORD))
        yield visitor
        visitor.close()
