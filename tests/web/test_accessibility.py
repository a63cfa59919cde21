"""axe-core (bundled by axe-playwright-python, nothing downloaded) over every kind
of page at 1280 and 375 px in chromium: no serious or critical violation."""

from __future__ import annotations

import pytest

from tests.browser import accessibility_violations
from tests.postgres import ENABLED as POSTGRES
from tests.web.page_kinds import cases

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Minutes of chromium that the database under the pages does not change
    # (the crawl and the journeys do run on PostgreSQL too).
    pytest.mark.skipif(POSTGRES, reason="pages' markup checked once, on SQLite"),
]

# Violations still there while their owners fix them: (kind, width) -> "area: rule, element".
# Strict: the fix makes the test fail until the line is removed.
KNOWN = {}


@pytest.mark.parametrize(("kind", "width"), cases(KNOWN, widths=(1280, 375)))
def test_no_serious_accessibility_violation(visitor, kind, width):
    page = visitor.open(kind, width)
    violations = accessibility_violations(page)
    assert visitor.outside == [], "asked for something not on the site"
    if violations:
        pytest.fail(f"{kind.name} at {width} px:\n" + "\n".join(violations), pytrace=False)


def test_the_check_reports_serious_violations_and_not_lesser_ones(visitor):
    page = visitor.browser.new_page()  # the module's: Playwright's sync API runs one at a time
    page.set_content(
        """<html lang="en"><head><title>t</title></head><body><main>
        <h1>Check</h1><img src="data:," id="no-alt"><button id="nameless"></button>
        <h3>A skipped heading level (moderate)</h3></main></body></html>"""
    )
    violations = accessibility_violations(page)
    page.close()
    assert [v.split(" ")[0] for v in violations] == ["button-name", "image-alt"], violations
    assert "#nameless" in violations[0] and "#no-alt" in violations[1]
