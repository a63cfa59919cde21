"""Playwright driving Debian's chromium, headless: never a downloaded browser.
Also the checks made in it: screenshots, horizontal overflow, axe-core."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Left behind by a test run for a person to look at (ignored by git).
ARTIFACTS = Path(__file__).resolve().parent.parent / ".test-artifacts"
SCREENSHOTS = ARTIFACTS
WIDTHS = (1280, 375)
# Without these, chromium tries to reach Google's services from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


@contextmanager
def chromium_browser():
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def screenshots(page, name: str, widths: tuple[int, ...] = WIDTHS) -> None:
    """Save the page at desktop and phone widths, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


# Every visible element whose box reaches past the left or right edge of the
# viewport. Clipping by a container inside the page (a table in a scrolling
# box) counts as containing it; clipping by <html> or <body> does not, so
# `overflow-x: hidden` on the page cannot hide a layout that is too wide.
# Boxes wholly left of the page (a skip link parked off-screen) are not seen.
_OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = [], offenders = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || !el.getClientRects().length) continue;
    let {left, right} = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') {
        const box = a.getBoundingClientRect();
        left = Math.max(left, box.left);
        right = Math.min(right, box.right);
      }
    }
    if (right - left < 1 || right <= 0) continue;
    if (right > width + 0.5 || left < -0.5) {
      const parent = el.parentElement;
      offenders.add(el);
      wide.push({element: name(el), parent: parent ? name(parent) : '',
                 nested: offenders.has(parent), left: Math.round(left), right: Math.round(right),
                 text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40)});
    }
  }
  return {width, scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth), wide};
}"""


def horizontal_overflow(page) -> list[str]:
    """What makes the page wider than its viewport: empty when nothing does."""
    found = page.evaluate(_OVERFLOW_SCRIPT)
    problems = []
    if found["scrollWidth"] > found["width"]:
        problems.append(f"scrollWidth {found['scrollWidth']} > viewport {found['width']}")
    for item in found["wide"]:
        # The outermost offenders say where to look; their children follow them.
        if item["nested"]:
            continue
        problems.append(
            f"{item['element']} (in {item['parent']}) spans {item['left']}..{item['right']} px:"
            f" {item['text']!r}"
        )
    return problems


def accessibility_violations(page, impacts=("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -- "
        + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:4])
        + (f" and {len(v['nodes']) - 4} more" if len(v["nodes"]) > 4 else "")
        for v in results["violations"]
        if v["impact"] in impacts
    ]
