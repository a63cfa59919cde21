"""Every kind of page at 375 px in chromium: nothing reaches past the viewport,
so no page scrolls sideways on a phone (`overflow-x: hidden` on the page does
not count: tests/browser.py looks at every element's box)."""

from __future__ import annotations

import pytest

from tests.browser import horizontal_overflow
from tests.postgres import ENABLED as POSTGRES
from tests.web.page_kinds import cases

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Minutes of chromium that the database under the pages does not change
    # (the crawl and the journeys do run on PostgreSQL too).
    pytest.mark.skipif(POSTGRES, reason="pages' layout checked once, on SQLite"),
]

# Kinds of page still too wide while their owners fix them; each reason names
# the area and what is wide. Strict: the fix makes the test fail until removed.
KNOWN = {}


@pytest.mark.parametrize(("kind", "width"), cases(KNOWN, widths=(375,)))
def test_no_page_is_wider_than_a_phone(visitor, kind, width):
    page = visitor.open(kind, width)
    problems = horizontal_overflow(page)
    if problems:
        pytest.fail(f"{kind.name} at {width} px:\n" + "\n".join(problems), pytrace=False)


def test_the_check_sees_through_overflow_hidden_on_the_page(visitor):
    """The check itself: a too-wide element is found even when the page hides the
    scroll bar, while a table scrolling in its own box and a skip link parked
    off-screen are not problems."""
    # The module's browser: Playwright's sync API runs one at a time.
    page = visitor.browser.new_page(viewport={"width": 375, "height": 600})
    page.set_content(
        """<html style="overflow-x: hidden"><body style="overflow-x: hidden; margin: 0">
        <a class="skip" href="#m" style="position: absolute; left: -9999px">Skip</a>
        <div style="overflow-x: auto"><table><tr><td style="min-width: 900px">wide</td></tr></table></div>
        <p id="wide" style="width: 500px">Too wide for a phone.</p></body></html>"""
    )
    problems = horizontal_overflow(page)
    page.close()
    assert problems == [
        "scrollWidth 500 > viewport 375",
        "p#wide (in body) spans 0..500 px: 'Too wide for a phone.'",
    ]
