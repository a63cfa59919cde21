"""Timecodes read: `hh:mm:ss`, `h:mm:ss.ff`, `mm:ss` to seconds (archive.timecodes writes them)."""

from __future__ import annotations

import re

TIMECODE = re.compile(r"^(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)(?:[.,](\d{1,3}))?$")
# Past the largest timecode (999:59:59.999); a time written in seconds beyond it is garbage.
MAX_SECONDS = 1000 * 3600


def parse_timecode(text: str) -> float:
    """Seconds from a timecode; ValueError saying what was expected otherwise."""
    match = TIMECODE.match(text.strip())
    if not match:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(f"{shown!r} is not a timecode; expected hh:mm:ss or hh:mm:ss.ff")
    hours, minutes, seconds, fraction = match.groups()
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return value + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)
