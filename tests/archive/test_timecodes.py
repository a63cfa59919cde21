"""archive.timecodes: every format the product writes, from one rounding rule."""

from __future__ import annotations

import pytest

from archive.timecodes import clock, human_duration, srt_timestamp, timecode, vtt_timestamp


def test_each_format_of_one_moment():
    moment = 3723.25  # 1 h 2 min 3.25 s
    assert timecode(moment) == "01:02:03"
    assert clock(moment) == "1:02:03"
    assert vtt_timestamp(moment) == "01:02:03.250"
    assert srt_timestamp(moment) == "01:02:03,250"


def test_float_noise_lands_on_the_same_second_in_every_format():
    # Stored as 2.9999999 but meant as 3 s: text and cue agree on the second.
    assert timecode(2.9999999) == "00:00:03"
    assert vtt_timestamp(2.9999999) == "00:00:03.000"
    assert timecode(2.6) == "00:00:02"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (7, "7 s"),
        (62, "1 min 02 s"),
        (154.9, "2 min 34 s"),  # floored, as the browser's player shows 2:34
        (3599.99, "59 min 59 s"),
        (3725, "1 h 02 min"),
        (36000, "10 h 00 min"),
    ],
)
def test_human_duration_is_floored_like_a_player(seconds, shown):
    assert human_duration(seconds) == shown
