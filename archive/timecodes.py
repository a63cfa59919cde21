"""Seconds written out: transcript timecodes, WebVTT/SRT/OHMS stamps, recording durations."""

from __future__ import annotations

# One rounding rule for every format: round to the millisecond once, then truncate. A start stored
# as 2.9999999 (float noise) is then 00:00:03 in the plain text and 00:00:03.000 in the WebVTT of
# the same segment, never 00:00:02 in one and 00:00:03.000 in the other.


def _millis(seconds: float) -> int:
    return round(seconds * 1000)


def _hms(seconds: float) -> tuple[int, int, int, int]:
    hours, rest = divmod(_millis(seconds), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return hours, minutes, secs, millis


def timecode(seconds: float) -> str:
    """`hh:mm:ss`: the project's plain-text transcripts and messages about a place in a file."""
    hours, minutes, secs, _ = _hms(seconds)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def clock(seconds: float) -> str:
    """`h:mm:ss`: a moment or length shown on the site, and OHMS's <duration>."""
    hours, minutes, secs, _ = _hms(seconds)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def vtt_timestamp(seconds: float) -> str:
    """`hh:mm:ss.mmm`: WebVTT cues and OHMS sync points."""
    hours, minutes, secs, millis = _hms(seconds)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def srt_timestamp(seconds: float) -> str:
    """`hh:mm:ss,mmm`: SubRip cues."""
    return vtt_timestamp(seconds).replace(".", ",")


def human_duration(seconds: float) -> str:
    """A recording's length in words, "2 min 34 s" or "1 h 02 min".

    Floored, as audio players show a length: a 154.9 s file is 2:34 in the browser's player, so
    the page must not call it 2 min 35 s."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
