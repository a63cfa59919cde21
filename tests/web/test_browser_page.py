"""The testimony page in a real browser against the real server: a moment
opens in view below the sticky player, playback follows from one part into
the next and onto the next transcript page, captions load, and translations
sit beside the original (a switch on phones)."""

from __future__ import annotations

import pytest

from tests.browser import SCREENSHOTS
from tests.server import running_server
from tests.web.page_collection import page_archive  # noqa: F401 (fixture)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 700}
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "375"])

# Where an element lies against the viewport and the sticky player region.
LAYOUT = """selector => {
  const box = document.querySelector(selector).getBoundingClientRect();
  const bar = document.querySelector('.player').getBoundingClientRect();
  const audio = document.querySelector('.player-part:not([hidden]) audio').getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, barBottom: bar.bottom,
          audioTop: audio.top, audioBottom: audio.bottom, height: innerHeight,
          width: innerWidth, scrollWidth: document.documentElement.scrollWidth};
}"""


@pytest.fixture(scope="module")
def base_url(page_archive):  # noqa: F811
    with running_server(page_archive.data_dir) as url:
        yield url


def shot(page, name: str) -> None:
    """What the visitor sees (the viewport), for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}.png"))


def assert_moment_in_view(page, selector: str) -> None:
    where = page.evaluate(LAYOUT, selector)
    # The player is on screen, and the segment below it, not hidden under it.
    assert where["audioTop"] >= 0 and where["audioBottom"] <= where["height"], where
    assert where["top"] >= where["barBottom"] - 1, where
    assert where["top"] < where["height"] - 40, where
    assert where["scrollWidth"] <= where["width"], where


@SIZES
def test_a_segment_hit_opens_with_the_segment_and_the_player_in_view(page, base_url, size):
    page.set_viewport_size(size)
    page.goto(base_url + "/testimonies/P-1?part=1&t=60.0&q=passage#seg-1-20")
    page.wait_for_function("() => document.getElementById('player-1').readyState >= 1")
    page.wait_for_function(
        "() => Math.abs(document.getElementById('player-1').currentTime - 60) < 0.5"
    )
    assert "current" in page.get_attribute("#seg-1-20", "class")
    assert page.evaluate("scrollY") > 300  # the moment is far down the page
    assert_moment_in_view(page, "#seg-1-20")
    shot(page, "testimony-segment-hit")


@SIZES
def test_a_link_focused_by_keyboard_is_not_hidden_under_the_player(page, base_url, size):
    page.set_viewport_size(size)
    page.goto(base_url + "/testimonies/P-1?part=1&t=60.0#seg-1-20")
    page.wait_for_function("() => document.getElementById('player-1').readyState >= 1")
    page.focus("#seg-1-20 a.timecode")
    page.keyboard.press("Shift+Tab")  # back to the segment above, under the player until now
    assert page.evaluate("document.activeElement.closest('li').id") == "seg-1-19"
    assert_moment_in_view(page, "#seg-1-19 a.timecode")


@SIZES
def test_a_chapter_hit_opens_with_its_segment_and_the_player_in_view(page, base_url, size):
    """Search links chapters as ?part=&t= without an anchor: the page used to
    open at its top."""
    page.set_viewport_size(size)
    page.goto(base_url + "/testimonies/P-1?part=2&t=30.0")
    page.wait_for_function("() => document.getElementById('player-2').readyState >= 1")
    page.wait_for_function(
        "() => Math.abs(document.getElementById('player-2').currentTime - 30) < 0.5"
    )
    assert "current" in page.get_attribute("#seg-2-50", "class")
    assert page.is_visible("#player-2") and not page.is_visible("#player-1")
    assert_moment_in_view(page, "#seg-2-50")
    shot(page, "testimony-chapter-hit")


def test_playback_continues_into_part_two_and_the_transcript_follows(page, base_url):
    page.set_viewport_size(PHONE)
    page.goto(base_url + "/testimonies/P-1?part=1&t=118.0#seg-1-39")
    page.wait_for_function(
        "() => Math.abs(document.getElementById('player-1').currentTime - 118) < 0.5"
    )
    page.evaluate("document.getElementById('player-1').play()")
    page.wait_for_function(
        "() => document.getElementById('player-2').currentTime > 0.3", timeout=20_000
    )
    assert page.evaluate("document.getElementById('player-2').paused") is False
    assert page.is_visible("#player-2") and not page.is_visible("#player-1")
    assert page.inner_text(".player .part-number") == "2"
    assert page.get_attribute(".part-link[data-part='2']", "aria-current") == "true"
    page.wait_for_selector("#seg-2-40.current")
    assert page.locator(".transcript .segment.current").count() == 1
    assert_moment_in_view(page, "#seg-2-40")  # the reader was following: it scrolled along
    shot(page, "testimony-part-two")


def test_each_part_loads_its_captions_and_translation_as_text_tracks(page, base_url):
    page.goto(base_url + "/testimonies/P-1")
    for part in (1, 2):
        kinds = page.evaluate(
            f"""() => Array.from(document.querySelectorAll('#player-{part} track'), t => {{
                 t.track.mode = 'hidden';  // load it without showing it
                 return t.kind + ':' + t.srclang; }})"""
        )
        assert kinds == ["captions:en", "subtitles:fr"]
        page.wait_for_function(
            f"() => Array.from(document.querySelectorAll('#player-{part} track')).every("
            "t => t.readyState === 2 && t.track.cues.length > 0)"
        )
        first = page.evaluate(
            f"""() => Array.from(document.querySelectorAll('#player-{part} track'),
                 t => t.track.cues[0].text)"""
        )
        assert first[0].endswith(
            f"Part {part}, passage 0: a made-up sentence that fills the reading page nicely."
        )
        assert "Partie" in first[1]


def test_translation_in_two_columns_on_a_wide_screen(page, base_url):
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + "/testimonies/P-1?part=1&t=9.0#seg-1-3")
    original = page.locator("#seg-1-3 .original").bounding_box()
    translation = page.locator("#seg-1-3 .translation").bounding_box()
    assert abs(original["y"] - translation["y"]) < 2  # one row, aligned
    assert translation["x"] >= original["x"] + original["width"]
    assert not page.is_visible(".language-switch")  # both columns are there
    assert page.is_visible(".bilingual-head")
    shot(page, "testimony-translation")


def test_translation_switch_on_a_phone_by_keyboard(page, base_url):
    page.set_viewport_size(PHONE)
    page.goto(base_url + "/testimonies/P-1")
    original = page.locator("#seg-1-3 .original")
    translation = page.locator("#seg-1-3 .translation")
    # Both at first, one below the other.
    assert original.is_visible() and translation.is_visible()
    assert translation.bounding_box()["y"] > original.bounding_box()["y"]
    page.focus(".language-switch input[value='both']")
    page.keyboard.press("ArrowRight")  # a radio group: arrows choose
    assert page.is_checked(".language-switch input[value='original']")
    assert original.is_visible() and not translation.is_visible()
    page.keyboard.press("ArrowRight")
    assert page.is_checked(".language-switch input[value='translation']")
    assert translation.is_visible() and not original.is_visible()
    assert page.locator("#seg-1-3 .translation").inner_text().startswith("SARA")
    page.locator("#seg-1-20").scroll_into_view_if_needed()
    shot(page, "testimony-translation-switch")


def test_playback_turns_to_the_next_transcript_page(page, base_url):
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + "/testimonies/P-LONG?part=1&t=198.5")
    assert page.locator("#seg-1-400").count() == 0
    page.wait_for_function(
        "() => Math.abs(document.getElementById('player-1').currentTime - 198.5) < 0.3"
    )
    page.evaluate("document.getElementById('player-1').play()")
    # The next page is fetched ahead and put in place at its first segment;
    # the transcript follows onto it (the fetch may land a segment or two late).
    page.wait_for_function(
        "() => { const li = document.querySelector('.segment.current');"
        " return li && +li.id.split('-')[2] >= 400; }",
        timeout=20_000,
    )
    assert page.locator("#seg-1-0").count() == 0  # page 2 took page 1's place
    assert "page=2" in page.url
    assert page.evaluate("document.getElementById('player-1').paused") is False
