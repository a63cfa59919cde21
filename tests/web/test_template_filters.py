"""The page's `duration` and `timecode` filters: what a visitor reads beside the player."""

from __future__ import annotations

from web.template_helpers import duration, timecode


def test_part_length_agrees_with_the_players_floor():
    # A 154.9 s part is 2:34 in the browser's player; the page said "2 min 35 s".
    assert duration(154.9) == "2 min 34 s"


def test_part_over_an_hour_in_hours_and_minutes():
    assert duration(3725) == "1 h 02 min"


def test_unknown_and_moment():
    assert duration(None) == "unknown length"
    assert timecode(None) == ""
    assert timecode(3723.25) == "1:02:03"
